package sim

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/scaling"
)

// liveWorld is a default-profile world after its first deploy.
func liveWorld(t *testing.T, p Profile) (*World, *api.Rollout) {
	t.Helper()
	w, err := NewWorld(7, p)
	if err != nil {
		t.Fatal(err)
	}
	d := &Driver{W: w, Logger: slog.New(slog.DiscardHandler)}
	d.AddReplica(0, 0)
	if res := d.PlayAct(context.Background(), FirstDeploy()); !res.OK || len(d.Violations) > 0 {
		t.Fatalf("first deploy %s, violations %v", res.Result, d.Violations)
	}
	return w, w.Record(context.Background())
}

// The default profile's scaling reaches the live group as simaws accepts
// it (the ALB label names the group's own target group, the step policy's
// alarm exists for the group), and the snapshot reads it back.
func TestDefaultScalingIsPutAndSeen(t *testing.T) {
	w, r := liveWorld(t, DefaultProfile())
	want, err := scaling.Want(w.Spec, r.ToGroup, r.ToTargetGroup)
	if err != nil {
		t.Fatal(err)
	}
	s := w.Snapshot(context.Background())
	if got := s.Scaling[r.ToGroup]; got != want.Fingerprint() {
		t.Fatalf("snapshot fingerprint of %s = %q, want the spec's %q", r.ToGroup, got, want.Fingerprint())
	}
	if err := w.ReadProblem(); err != nil {
		t.Fatal(err)
	}
	tgPart := r.ToTargetGroup[strings.Index(r.ToTargetGroup, "targetgroup/"):]
	labelled := slices.ContainsFunc(want.Policies, func(p scaling.Policy) bool { return strings.HasSuffix(p.ResourceLabel, tgPart) })
	if !labelled {
		t.Errorf("no policy's resource label names %s: %+v", tgPart, want.Policies)
	}
	alarm := scaling.AlarmName(r.ToGroup, PolicyCPUStep)
	if _, ok := w.Cloud.Truth().Alarms[alarm]; !ok {
		t.Errorf("the step policy's alarm %s does not exist", alarm)
	}
}

// The snapshot's API reads are the world's own: they succeed under a mix
// that fails every call, the mix is back in force afterwards, and they are
// left out of the controller's call count.
func TestSnapshotReadsAreOwnCalls(t *testing.T) {
	w, r := liveWorld(t, DefaultProfile())
	ctx := context.Background()
	w.SetFaults(simaws.FaultConfig{ErrorRate: 1})
	w.scaling, w.scalingKey = nil, nil // forget the last read
	total0, own0, ctl0 := awsapi.TotalCalls(w.Cloud.Calls()), w.OwnCalls(), w.ControllerCalls()
	s := w.Snapshot(ctx)
	if err := w.ReadProblem(); err != nil || s.Scaling[r.ToGroup] == "" {
		t.Fatalf("snapshot under an all-failing mix: %v, scaling %v", err, s.Scaling)
	}
	made := awsapi.TotalCalls(w.Cloud.Calls()) - total0
	if made == 0 || w.OwnCalls()-own0 != made || w.ControllerCalls() != ctl0 {
		t.Fatalf("snapshot made %d calls, counted %d as the world's, controller count %d -> %d",
			made, w.OwnCalls()-own0, ctl0, w.ControllerCalls())
	}
	if _, err := awsapi.GroupPolicies(ctx, w.Cloud, r.ToGroup); err == nil {
		t.Fatal("a call after the snapshot succeeded: the fault mix was not restored")
	}
}

// A change to a group's scaling through the API shows in the next
// snapshot (the cached read is dropped), and a deleted gating alarm is
// listed as missing until it is made again.
func TestSnapshotFollowsChanges(t *testing.T) {
	p := DefaultProfile()
	p.Alarms = []string{"web-5xx"}
	w, r := liveWorld(t, p)
	ctx := context.Background()
	before := w.Snapshot(ctx)
	if len(before.MissingAlarms) != 0 {
		t.Fatalf("missing alarms before any deletion: %v", before.MissingAlarms)
	}
	_, err := w.Cloud.DeletePolicy(ctx, &autoscaling.DeletePolicyInput{
		AutoScalingGroupName: aws.String(r.ToGroup), PolicyName: aws.String(PolicyRequests)})
	if err != nil {
		t.Fatal(err)
	}
	if after := w.Snapshot(ctx); after.Scaling[r.ToGroup] == before.Scaling[r.ToGroup] {
		t.Error("the snapshot did not see a policy deleted through the API")
	}
	if err := w.DeleteAlarm(ctx, "web-5xx"); err != nil {
		t.Fatal(err)
	}
	if after := w.Snapshot(ctx); !slices.Equal(after.MissingAlarms, []string{"web-5xx"}) {
		t.Errorf("missing alarms after deleting web-5xx: %v", after.MissingAlarms)
	}
	w.Cloud.CreateAlarm("web-5xx")
	if again := w.Snapshot(ctx); len(again.MissingAlarms) != 0 {
		t.Errorf("missing alarms after re-creating web-5xx: %v", again.MissingAlarms)
	}
}
