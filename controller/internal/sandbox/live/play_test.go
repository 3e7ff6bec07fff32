package live

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
)

// stubCloud is a cloudSide that lacks what it is told to and counts
// nothing.
type stubCloud struct{ lacks map[string]string }

func (c stubCloud) Clients() awsapi.Clients   { return awsapi.Clients{} }
func (c stubCloud) Calls() int                { return 0 }
func (c stubCloud) BalancerELB() balancer.ELB { return nil }
func (c stubCloud) Name() string              { return "stub" }
func (c stubCloud) Publish() publishFunc      { return nil }
func (c stubCloud) Lacks(need string) string  { return c.lacks[need] }
func (c stubCloud) Provision(context.Context, string, string, listenerPorts) (resources, error) {
	return resources{}, nil
}

// greenAct is an act whose green answered n production requests a second
// apart, and whose rollout ends reverted.
func greenAct(n int, bad, dark bool) act {
	return act{name: "x", expected: "reverted", badGreen: bad, darkGreen: dark,
		play: func(_ context.Context, w *world) (outcome, error) {
			answer := w.meter.answer(true)
			for i := range n {
				answer(balancer.Answer{TargetGroup: "tg-green", At: t0.Add(time.Duration(i) * time.Second), FromTarget: true})
			}
			return outcome{result: "reverted", rollouts: []string{"web-v002"}, greenTG: "tg-green"}, nil
		}}
}

func stubWorld(lacks map[string]string) *world {
	return &world{service: "web", cloud: stubCloud{lacks: lacks}, meter: newMeter(nil)}
}

// TestPlayMeasuresGreensProductionTraffic: a bad green's production
// requests and how long it served them are in the scenario; a green that
// must stay dark fails its scenario with the count when it served any,
// and passes with 0.
func TestPlayMeasuresGreensProductionTraffic(t *testing.T) {
	ctx := context.Background()
	s := stubWorld(nil).play(ctx, greenAct(11, true, false), &loadCounts{}, nil)
	if !s.OK || s.GreenProductionRequests == nil || *s.GreenProductionRequests != 11 || s.BadTrafficSec == nil || *s.BadTrafficSec != 10 {
		t.Errorf("bad green: %+v", s)
	}
	s = stubWorld(nil).play(ctx, greenAct(2, false, true), &loadCounts{}, nil)
	if s.OK || !strings.Contains(s.Error, "green served 2 production requests") || s.BadTrafficSec != nil {
		t.Errorf("dark green that served: %+v", s)
	}
	s = stubWorld(nil).play(ctx, greenAct(0, false, true), &loadCounts{}, nil)
	if !s.OK || s.GreenProductionRequests == nil || *s.GreenProductionRequests != 0 {
		t.Errorf("dark green: %+v", s)
	}
	s = stubWorld(nil).play(ctx, greenAct(3, false, false), &loadCounts{}, nil)
	if !s.OK || s.GreenProductionRequests != nil {
		t.Errorf("an act that measures nothing: %+v", s)
	}
}

// TestPlayFailsInjectedErrorsOutsideTheBadGreen: a bad green's injected
// errors are expected only in its own scenario.
func TestPlayFailsInjectedErrorsOutsideTheBadGreen(t *testing.T) {
	a := greenAct(0, false, false)
	inner := a.play
	var counts loadCounts
	a.play = func(ctx context.Context, w *world) (outcome, error) {
		counts.sent.Add(1)
		counts.record(injected, nil)
		return inner(ctx, w)
	}
	s := stubWorld(nil).play(context.Background(), a, &counts, nil)
	if s.OK || s.Requests.ExpectedFailed != 1 || !strings.Contains(s.Error, "injected error outside its scenario") {
		t.Errorf("scenario %+v", s)
	}
}

// TestPlaySkipsWhatTheCloudLacks: an act needing what the cloud lacks is
// not played; it is skipped with the cloud's reason and does not fail the
// run. moto lacks the analysis, the simulated cloud nothing.
func TestPlaySkipsWhatTheCloudLacks(t *testing.T) {
	var bad act
	for _, a := range acts() {
		if a.name == "bad_green" {
			bad = a
		}
	}
	why := (&motoCloud{}).Lacks(bad.needs)
	if !strings.Contains(why, "percentiles") || (&simCloud{}).Lacks(bad.needs) != "" {
		t.Fatalf("moto lacks %q for the analysis; want percentiles named, and simaws to lack nothing", why)
	}
	bad.play = func(context.Context, *world) (outcome, error) {
		t.Fatal("a skipped act was played")
		return outcome{}, nil
	}
	var out bytes.Buffer
	s := stubWorld(map[string]string{needAnalysis: why}).play(context.Background(), bad, &loadCounts{}, &out)
	if !s.OK || s.Result != resultSkipped || s.Skipped != why || s.Rollouts == nil {
		t.Errorf("skipped scenario %+v", s)
	}
	if !strings.Contains(out.String(), "bad_green: skipped: moto's GetMetricData") {
		t.Errorf("output %q", out.String())
	}
}
