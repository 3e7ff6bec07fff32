package loop_test

import (
	"errors"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

func TestStepAppliesTheDecidedPlan(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	req := f.putRequest(t)
	f.dec.script(func(o reconcile.Observed, d reconcile.Desired) reconcile.Plan {
		return reconcile.Plan{Phase: api.PhaseLaunching, Reason: "new request", RequeueAfter: 2 * time.Second, Actions: []reconcile.Action{
			{Kind: reconcile.ActWriteRollout, Rollout: record(f.clk.Now(), api.PhaseLaunching), ExpectIndex: o.RolloutIndex},
			{Kind: reconcile.ActCreateLTVersion, LaunchTemplateID: d.Spec.LaunchTemplateID, AMI: d.Request.AMI, Description: "web-v001"},
		}}
	})
	reports := make(chan loop.PassReport, 1)
	l := loop.New(f.config("ctl-1", reports))

	next, err := l.Step(ctx)
	if err != nil || next != 2*time.Second {
		t.Fatalf("step = %v, %v", next, err)
	}
	rep := <-reports
	if !rep.Held || rep.Applied != 2 || rep.Err != nil || rep.Plan.Phase != api.PhaseLaunching || rep.Next != next {
		t.Fatalf("report = %+v", rep)
	}
	if !rep.Observed.GroupsKnown || !rep.Observed.WeightsKnown {
		t.Errorf("observed not what NeedsFor asks for a pending request: %+v", rep.Observed)
	}
	if d := f.dec.last; d.Request == nil || d.Request.RequestID != req.RequestID || len(d.Spec.Steps) != len(api.DefaultSteps) {
		t.Errorf("decide got desired %+v, want the request and a defaulted spec", d)
	}
	if !f.dec.now.Equal(f.clk.Now()) {
		t.Errorf("decide got now %v, want the clock's %v", f.dec.now, f.clk.Now())
	}
	if r, _, err := f.store.Rollout(ctx, svc); err != nil || r == nil || r.Phase != api.PhaseLaunching {
		t.Fatalf("record = %+v, %v", r, err)
	}
	if f.cloud.Calls()["CreateLaunchTemplateVersion"] != 1 {
		t.Fatalf("launch template version not created: %v", f.cloud.Calls())
	}
}

func TestStepWithoutSpecIdles(t *testing.T) {
	f := newFixture(t)
	reports := make(chan loop.PassReport, 1)
	l := loop.New(f.config("ctl-1", reports))
	next, err := l.Step(ctx)
	if err != nil || next != reconcile.DefaultTuning.IdlePoll {
		t.Fatalf("step = %v, %v", next, err)
	}
	if rep := <-reports; !rep.Held || f.dec.count() != 0 {
		t.Fatalf("report %+v, decide called %d times", rep, f.dec.count())
	}
}

func TestStepReportsLostRace(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	f.dec.script(func(o reconcile.Observed, d reconcile.Desired) reconcile.Plan {
		return reconcile.Plan{Phase: api.PhaseLaunching, RequeueAfter: time.Second, Actions: []reconcile.Action{
			{Kind: reconcile.ActWriteRollout, Rollout: record(f.clk.Now(), api.PhaseLaunching), ExpectIndex: 12345},
		}}
	})
	l := loop.New(f.config("ctl-1", nil))
	next, err := l.Step(ctx)
	if next != 0 || !errors.Is(err, consulkv.ErrConflict) {
		t.Fatalf("step = %v, %v; want 0 and ErrConflict", next, err)
	}
}

func TestStepDoesNothingWhileAnotherHolderHasTheLock(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	f.putRequest(t)
	if _, ok, err := f.locker.TryLock(ctx, svc, "ctl-2"); !ok || err != nil {
		t.Fatalf("other holder: %v, %v", ok, err)
	}
	reports := make(chan loop.PassReport, 1)
	cfg := f.config("ctl-1", reports)
	cfg.LockRetry = 7 * time.Second
	l := loop.New(cfg)
	f.cloud.ResetCalls()
	next, err := l.Step(ctx)
	if err != nil || next != 7*time.Second {
		t.Fatalf("step = %v, %v", next, err)
	}
	if rep := <-reports; rep.Held || rep.Err != nil {
		t.Fatalf("report = %+v", rep)
	}
	if f.dec.count() != 0 || len(f.cloud.Calls()) != 0 || l.Held() {
		t.Fatalf("acted without the lock: decide %d, calls %v", f.dec.count(), f.cloud.Calls())
	}
}

func TestStepTakesOverWhenTheHolderDies(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	if _, ok, err := f.locker.TryLock(ctx, svc, "ctl-2"); !ok || err != nil {
		t.Fatalf("other holder: %v, %v", ok, err)
	}
	l := loop.New(f.config("ctl-1", nil))
	// ctl-2 never renews: its session expires at TTL, then lock-delay runs.
	for _, step := range []time.Duration{0, lockTTL + time.Second, lockWait - 2*time.Second} {
		f.clk.Advance(step)
		if _, err := l.Step(ctx); err != nil || l.Held() || f.dec.count() != 0 {
			t.Fatalf("after %v: held %v, decide %d, err %v", step, l.Held(), f.dec.count(), err)
		}
	}
	f.clk.Advance(2 * time.Second)
	if _, err := l.Step(ctx); err != nil || !l.Held() || f.dec.count() != 1 {
		t.Fatalf("no takeover: held %v, decide %d, err %v", l.Held(), f.dec.count(), err)
	}
}

func TestStepDropsALockItLost(t *testing.T) {
	f := newFixture(t)
	f.putSpec(t)
	l := loop.New(f.config("ctl-1", nil))
	if _, err := l.Step(ctx); err != nil || !l.Held() {
		t.Fatalf("first step: held %v, %v", l.Held(), err)
	}
	f.clk.Advance(lockTTL + time.Second) // no renewal: the session expires
	next, err := l.Step(ctx)
	if err != nil || l.Held() || next != loop.DefaultLockRetry || f.dec.count() != 1 {
		t.Fatalf("step after loss = %v, %v; held %v, decide %d", next, err, l.Held(), f.dec.count())
	}
	if err := l.Release(ctx); err != nil {
		t.Fatalf("release without a lock: %v", err)
	}
}
