package motohost_test

import (
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/sandbox/motohost"
)

const (
	amiV1 = "ami-0a000000000000001"
	amiV2 = "ami-0a000000000000002"
)

func newMirror(cloud *fakeCloud, host *recordingHost) *motohost.Mirror {
	return motohost.NewMirror(motohost.MirrorConfig{Service: "web", AutoScaling: cloud, EC2: cloud, Host: host})
}

func mustSync(t *testing.T, m *motohost.Mirror) {
	t.Helper()
	if err := m.Sync(t.Context()); err != nil {
		t.Fatalf("sync: %v", err)
	}
}

func wantCalls(t *testing.T, host *recordingHost, starts []started, stops []string) {
	t.Helper()
	gotStarts, gotStops := host.calls()
	if !slices.Equal(gotStarts, starts) || !slices.Equal(gotStops, stops) {
		t.Fatalf("host calls: starts %v stops %q; want %v, %q", gotStarts, gotStops, starts, stops)
	}
}

func TestMirrorStartsEachInstanceOnceWithItsAMI(t *testing.T) {
	cloud, host := newFakeCloud(), &recordingHost{}
	cloud.launch("web", "web-v001", "i-1", amiV1)
	cloud.launch("web", "web-v002", "i-2", amiV2)
	cloud.launch("api", "api-v001", "i-3", amiV1) // another service
	m := newMirror(cloud, host)
	mustSync(t, m)
	mustSync(t, m)
	wantCalls(t, host, []started{{"i-1", amiV1}, {"i-2", amiV2}}, nil)
	if got := m.Instances(); !slices.Equal(got, []string{"i-1", "i-2"}) {
		t.Fatalf("Instances = %q", got)
	}
	if !m.Hosted("i-1") || m.Hosted("i-3") {
		t.Fatalf("Hosted(i-1) = %v, Hosted(i-3) = %v; want true, false", m.Hosted("i-1"), m.Hosted("i-3"))
	}
}

func TestMirrorStopsInstancesThatLeaveOrTerminate(t *testing.T) {
	cloud, host := newFakeCloud(), &recordingHost{}
	cloud.launch("web", "web-v001", "i-1", amiV1)
	cloud.launch("web", "web-v001", "i-2", amiV1)
	cloud.launch("web", "web-v002", "i-3", amiV2)
	m := newMirror(cloud, host)
	mustSync(t, m)
	cloud.setState("i-1", astypes.LifecycleStateTerminatingWait)
	cloud.deleteGroup("web-v002")
	mustSync(t, m)
	mustSync(t, m)
	wantCalls(t, host, []started{{"i-1", amiV1}, {"i-2", amiV1}, {"i-3", amiV2}}, []string{"i-1", "i-3"})
	if m.Hosted("i-1") || m.Hosted("i-3") || !m.Hosted("i-2") {
		t.Fatalf("hosted = %q, want [i-2]", m.Instances())
	}
}

func TestMirrorChangesNothingWhenTheGroupsCannotBeRead(t *testing.T) {
	cloud, host := newFakeCloud(), &recordingHost{}
	cloud.launch("web", "web-v001", "i-1", amiV1)
	m := newMirror(cloud, host)
	mustSync(t, m)
	boom := errors.New("throttled")
	cloud.failNext(boom)
	if err := m.Sync(t.Context()); !errors.Is(err, boom) {
		t.Fatalf("sync = %v, want it to wrap %v", err, boom)
	}
	wantCalls(t, host, []started{{"i-1", amiV1}}, nil)
	if !m.Hosted("i-1") {
		t.Fatal("a failed read unhosted i-1")
	}
}

func TestMirrorWaitsUntilEC2ListsTheInstance(t *testing.T) {
	cloud, host := newFakeCloud(), &recordingHost{}
	cloud.launch("web", "web-v001", "i-1", amiV1)
	delete(cloud.amis, "i-1") // in the group, not yet in EC2
	m := newMirror(cloud, host)
	mustSync(t, m)
	wantCalls(t, host, nil, nil)
	cloud.amis["i-1"] = amiV1
	mustSync(t, m)
	wantCalls(t, host, []started{{"i-1", amiV1}}, nil)
}

func TestMirrorRunRetriesAFailedPollAndLogsIt(t *testing.T) {
	cloud, host, logs := newFakeCloud(), &recordingHost{}, &logRecorder{}
	cloud.launch("web", "web-v001", "i-1", amiV1)
	cloud.failNext(errors.New("connection refused"))
	cloud.failNext(errors.New("connection refused"))
	clk := clocktest.New(t0)
	m := motohost.NewMirror(motohost.MirrorConfig{Service: "web", AutoScaling: cloud, EC2: cloud, Host: host,
		Clock: clk, Poll: time.Second, Log: slog.New(logs)})
	goRun(t, m.Run)

	awaitPending(t, clk, 1) // the first poll failed
	attrs, ok := logs.find(slog.LevelWarn, "moto mirror sync failed; retrying")
	if !ok || attrs["service"] != "web" || attrs["error"] == "" {
		t.Fatalf("failed poll logged as %v (found %v), want service and error", attrs, ok)
	}
	tick(t, clk, time.Second) // fails the same way: not logged again
	if n := logs.count(slog.LevelWarn, "moto mirror sync failed; retrying"); n != 1 {
		t.Fatalf("the same failure logged %d times, want once", n)
	}
	wantCalls(t, host, nil, nil)
	tick(t, clk, time.Second)
	wantCalls(t, host, []started{{"i-1", amiV1}}, nil)
	if _, ok := logs.find(slog.LevelInfo, "moto mirror sync recovered"); !ok {
		t.Fatal("recovery not logged")
	}
	if attrs, _ := logs.find(slog.LevelInfo, "moto mirror started instance"); attrs["instance_id"] != "i-1" {
		t.Fatalf("start logged as %v, want instance_id i-1", attrs)
	}
}

func TestMirrorPollsEveryDefaultPoll(t *testing.T) {
	clk := clocktest.New(t0)
	m := motohost.NewMirror(motohost.MirrorConfig{Service: "web", AutoScaling: newFakeCloud(), EC2: newFakeCloud(),
		Host: &recordingHost{}, Clock: clk})
	goRun(t, m.Run)
	awaitPending(t, clk, 1)
	if at, _ := clk.NextDeadline(); !at.Equal(t0.Add(motohost.DefaultPoll)) {
		t.Fatalf("next poll in %v, want %v", at.Sub(t0), motohost.DefaultPoll)
	}
}
