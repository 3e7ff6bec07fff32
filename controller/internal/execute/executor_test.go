package execute_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

func TestWriteRolloutChecksIndex(t *testing.T) {
	f := newFixture(t)
	r := record(2, api.PhaseLaunching, f.clk.Now())
	f.mustApply(t, reconcile.Action{Kind: reconcile.ActWriteRollout, Rollout: r})
	got, idx, err := f.store.Rollout(ctx, svc)
	if err != nil || got == nil || got.ID != r.ID {
		t.Fatalf("record = %+v, %v", got, err)
	}
	r2 := *r
	r2.Phase = api.PhaseWaitingHealthy
	_, err = f.apply(t, reconcile.Action{Kind: reconcile.ActWriteRollout, Rollout: &r2, ExpectIndex: idx + 100})
	if !errors.Is(err, consulkv.ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if got, _, _ := f.store.Rollout(ctx, svc); got.Phase != api.PhaseLaunching {
		t.Fatalf("lost CAS overwrote the record: %s", got.Phase)
	}
	f.mustApply(t, reconcile.Action{Kind: reconcile.ActWriteRollout, Rollout: &r2, ExpectIndex: idx})
}

func TestAppendHistoryIsIdempotent(t *testing.T) {
	f := newFixture(t)
	r := record(1, api.PhaseComplete, f.clk.Now())
	a := reconcile.Action{Kind: reconcile.ActAppendHistory, Rollout: r}
	f.mustApply(t, a, a)
	h, err := f.store.History(ctx, svc)
	if err != nil || len(h) != 1 || h[0].Seq != 1 {
		t.Fatalf("history = %+v, %v", h, err)
	}
}

// rolloutPlan is a launch-and-shift plan without record writes (whose
// check-and-set makes a second apply a conflict by design).
func (f *fixture) rolloutPlan() reconcile.Plan {
	return reconcile.Plan{Phase: api.PhaseShifting, Actions: []reconcile.Action{
		{Kind: reconcile.ActAppendHistory, Rollout: record(1, api.PhaseComplete, f.clk.Now())},
		f.createGroup(svc, 2, "web-v002"),
		{Kind: reconcile.ActUpdateCapacity, Group: "web-v002", Capacity: capacity(2, 4, 2), ExpectCapacity: capacity(1, 4, 2)},
		{Kind: reconcile.ActSuspendProcesses, Group: "web-v002", Processes: reconcile.RolloutProcesses},
		{Kind: reconcile.ActSetWeights, Listener: f.listener, Weights: map[string]int{f.blue: 90, f.green: 10}, ExpectWeights: map[string]int{f.blue: 100}},
	}}
}

func TestReapplyingAPlanChangesNothing(t *testing.T) {
	f := newFixture(t)
	p := f.rolloutPlan()
	if n, err := f.ex.Apply(ctx, p); err != nil || n != len(p.Actions) {
		t.Fatalf("first apply: %d, %v", n, err)
	}
	before := f.cloud.Truth()
	if n, err := f.ex.Apply(ctx, p); err != nil || n != len(p.Actions) {
		t.Fatalf("second apply: %d, %v", n, err)
	}
	if !reflect.DeepEqual(before, f.cloud.Truth()) {
		t.Fatal("second apply changed the world")
	}
}

func TestStopsAtFirstError(t *testing.T) {
	f := newFixture(t)
	p := reconcile.Plan{Actions: []reconcile.Action{
		{Kind: reconcile.ActAppendHistory, Rollout: record(1, api.PhaseComplete, f.clk.Now())},
		{Kind: reconcile.ActUpdateCapacity, Group: "web-v404", Capacity: capacity(1, 1, 1)},
		{Kind: reconcile.ActSetWeights, Listener: f.listener, Weights: map[string]int{f.green: 100}},
	}}
	n, err := f.ex.Apply(ctx, p)
	var ae *execute.ActionError
	if n != 1 || !errors.As(err, &ae) || ae.Index != 1 || ae.Kind != reconcile.ActUpdateCapacity || ae.Target != "web-v404" {
		t.Fatalf("applied %d, err %v", n, err)
	}
	if got := f.cloud.Truth().Listeners[f.listener]; !reflect.DeepEqual(got, map[string]int{f.blue: 100}) {
		t.Fatalf("actions after the failure ran: weights %v", got)
	}
}

func TestStopsWhenBeforeFails(t *testing.T) {
	f := newFixture(t)
	crash := errors.New("controller crashed")
	f.ex.Before = func(i int, a reconcile.Action) error {
		if a.Kind == reconcile.ActUpdateCapacity {
			return crash
		}
		return nil
	}
	p := f.rolloutPlan()
	n, err := f.ex.Apply(ctx, p)
	if n != 2 || !errors.Is(err, crash) {
		t.Fatalf("applied %d, err %v", n, err)
	}
	truth := f.cloud.Truth()
	if g := truth.Groups["web-v002"]; g.Min != 1 || len(g.Suspended) != 0 {
		t.Fatalf("actions from the crash point on ran: %+v", g)
	}
	f.ex.Before = nil
	if n, err := f.ex.Apply(ctx, p); err != nil || n != len(p.Actions) {
		t.Fatalf("restart apply: %d, %v", n, err)
	}
}

func TestAWSErrorsAreWrapped(t *testing.T) {
	f := newFixture(t)
	f.cloud.FailNext("DescribeListeners", "Throttling", 1)
	_, err := f.apply(t, reconcile.Action{Kind: reconcile.ActSetWeights, Listener: f.listener, Weights: map[string]int{f.green: 100}})
	var ae *execute.ActionError
	if !errors.As(err, &ae) || ae.Target != f.listener {
		t.Fatalf("err = %v", err)
	}
}
