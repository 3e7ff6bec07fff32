package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/asgctl/asgctl/integration/motoserver"
)

// A rollout that truly fails: paused at its manual gate (90/10), blue's
// targets leave its target group and the rollout is aborted; the revert
// will not move traffic onto a target group with no healthy targets, so
// it holds where it is until its budget runs out and ends failed. (A
// loop in this process runs that part with a 5s revert budget; the
// binary's is 15 minutes.) Then, with the built binary: promote is
// refused and points at repair; repair moves all traffic to green's
// target group, which can serve, and leaves green at its capacity with
// nothing suspended and blue retained at zero; a second repair changes
// nothing; and a new promote completes.
func TestRepairAfterFailedRevertOnMoto(t *testing.T) {
	w := newProcessWorld(t, "manual")
	amis := w.amis(3)
	w.promoteInline(amis[0], "3m", 0)

	w.failRollout(amis[1])
	w.expectWeights(90, 10)

	code, out := w.run("promote", "web", "--ami", amis[2])
	if code != 1 || !strings.Contains(out, "asgctl repair web") {
		t.Errorf("promote while the rollout is failed exited %d, want 1 pointing at `asgctl repair web`:\n%s", code, out)
	}
	code, out = w.run("repair", "web", "--wait", "--inline", "--timeout", "1m")
	if code != 0 {
		t.Fatalf("repair exited %d:\n%s", code, out)
	}
	w.expectWeights(0, 100)
	repaired := w.expectRepaired("web-v002", w.tgB)
	w.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: w.tgA, desired: 0},
		"web-v002": {ami: amis[1], tg: w.tgB, desired: 2},
	})

	idx, didx := w.indexes()
	code, out = w.run("--output", "json", "repair", "web", "--wait", "--inline", "--timeout", "1m")
	var doc struct{ Outcome string }
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil || doc.Outcome != "already_repaired" {
		t.Errorf("second repair exited %d with outcome %q, want 0 and already_repaired:\n%s", code, doc.Outcome, out)
	}
	if idx2, didx2 := w.indexes(); idx2 != idx || didx2 != didx {
		t.Errorf("second repair wrote: record index %d -> %d, request index %d -> %d", idx, idx2, didx, didx2)
	}
	if again := w.expectRepaired("web-v002", w.tgB); !again.Repair.FinishedAt.Equal(repaired.Repair.FinishedAt) {
		t.Errorf("second repair changed the repair's finish time %v -> %v", repaired.Repair.FinishedAt, again.Repair.FinishedAt)
	}
	w.expectWeights(0, 100)

	spec := w.spec
	spec.Steps = append([]api.Step(nil), spec.Steps...)
	for i := range spec.Steps[:len(spec.Steps)-1] {
		spec.Steps[i].Pause = "1s" // no manual gates for the next rollout
	}
	w.putSpecFile(spec, 0)
	w.promoteInline(amis[2], "3m", 0)
	w.expectGroups(map[string]groupWant{
		"web-v002": {ami: amis[1], tg: w.tgB, desired: 0},
		"web-v003": {ami: amis[2], tg: w.tgA, desired: 2},
	})
	w.expectWeights(100, 0)
}

// failRollout rolls ami out to its first manual gate, takes blue's
// targets out of blue's target group and aborts: a loop in this process
// with a short revert budget holds traffic (blue cannot serve) until the
// revert gives up and the rollout ends failed. The loop is stopped (its
// lock released) before failRollout returns.
func (w *processWorld) failRollout(ami string) {
	w.t.Helper()
	stop := w.runLoop(reconcile.Tuning{FastPoll: 100 * time.Millisecond, PausePoll: 200 * time.Millisecond,
		IdlePoll: time.Second, ReadBackDelay: 300 * time.Millisecond, RevertBudget: 5 * time.Second})
	defer stop()
	if code, out := w.run("promote", "web", "--ami", ami); code != 0 {
		w.t.Fatalf("promote %s exited %d:\n%s", ami, code, out)
	}
	w.waitFor(90*time.Second, "the manual gate of step 1", func(r *api.Rollout) bool {
		return r.AMI == ami && r.Phase == api.PhasePaused && r.Step == 1
	})
	w.deregisterAll(w.tgA)
	if code, out := w.run("abort", "web"); code != 0 {
		w.t.Fatalf("abort exited %d:\n%s", code, out)
	}
	r := w.waitFor(time.Minute, "the revert to give up", func(r *api.Rollout) bool { return r.AMI == ami && r.Phase.Terminal() })
	w.expectPhase(r, api.PhaseFailed)
	if !strings.Contains(r.Reason, "revert did not finish") {
		w.t.Errorf("rollout %s failed for %q, want the revert budget running out", r.ID, r.Reason)
	}
}

// runLoop runs the service's reconcile loop in this process against the
// world's Consul and moto with tuning; the returned func stops it and
// waits until it has released the service lock.
func (w *processWorld) runLoop(tuning reconcile.Tuning) func() {
	ctx, cancel := context.WithCancel(w.ctx)
	lp := loop.New(loop.Config{
		Service: "web", Holder: "it-failing-revert", Store: w.store,
		Locker:  consulkv.NewLocker(w.consul, clock.Real{}, consulkv.LockOptions{}),
		Clients: w.clients, Clock: clock.Real{}, Tuning: tuning,
	})
	done := make(chan struct{})
	go func() { defer close(done); _ = lp.Run(ctx, nil) }()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			<-done
		}
	}
	w.t.Cleanup(stop)
	return stop
}

// deregisterAll takes every target out of the target group, as if its
// instances had been lost.
func (w *processWorld) deregisterAll(tg string) {
	w.t.Helper()
	elb := elbv2.NewFromConfig((&motoserver.Server{URL: w.url}).Config(w.t))
	out, err := elb.DescribeTargetHealth(w.ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)})
	if err != nil || len(out.TargetHealthDescriptions) == 0 {
		w.t.Fatalf("targets of %s: %d (%v)", tg, len(out.TargetHealthDescriptions), err)
	}
	var targets []elbtypes.TargetDescription
	for _, d := range out.TargetHealthDescriptions {
		targets = append(targets, *d.Target)
	}
	if _, err := elb.DeregisterTargets(w.ctx, &elbv2.DeregisterTargetsInput{TargetGroupArn: aws.String(tg), Targets: targets}); err != nil {
		w.t.Fatalf("deregister the targets of %s: %v", tg, err)
	}
}

// indexes are the Consul indexes of the rollout record and the desired
// request.
func (w *processWorld) indexes() (record, desired uint64) {
	w.t.Helper()
	_, record, err := w.store.Rollout(w.ctx, "web")
	if err != nil {
		w.t.Fatalf("read the rollout record: %v", err)
	}
	_, desired, err = w.store.Desired(w.ctx, "web")
	if err != nil {
		w.t.Fatalf("read the desired request: %v", err)
	}
	return record, desired
}

// expectRepaired checks the record of the failed rollout shows a finished
// repair that found group serving from tg, and returns it.
func (w *processWorld) expectRepaired(group, tg string) *api.Rollout {
	w.t.Helper()
	r, _, err := w.store.Rollout(w.ctx, "web")
	if err != nil || r == nil {
		w.t.Fatalf("read the rollout record: %v (%v)", r, err)
	}
	switch {
	case r.Phase != api.PhaseFailed || r.Repair == nil:
		w.t.Fatalf("rollout %s is %s with repair %+v, want failed and repaired", r.ID, r.Phase, r.Repair)
	case r.Repair.FinishedAt.IsZero() || r.Repair.LiveGroup != group || r.Repair.LiveTargetGroup != tg:
		w.t.Errorf("repair of %s: finished %v, live %s on %s; want finished, live %s on %s",
			r.ID, r.Repair.FinishedAt, r.Repair.LiveGroup, r.Repair.LiveTargetGroup, group, tg)
	case len(r.Repair.Done) == 0 || !strings.Contains(r.Repair.Done[0], "moved all traffic"):
		w.t.Errorf("repair of %s records %q, want the traffic move first", r.ID, r.Repair.Done)
	}
	return r
}
