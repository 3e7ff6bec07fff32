package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/invariant"
)

// FailedRepair makes a rollout end failed. While AMIs[1] waits at its
// manual first gate, blue's application breaks (its instances, and any
// the group launches to replace them, never pass health checks); once blue
// has no healthy target the operator aborts. Moving traffic back to blue
// would cut what serves, so the revert holds until the revert budget runs
// out and the rollout ends failed; the act ends once the failed service is
// quiet (Settled: nothing with capacity left suspended). With a fault mix
// that makes green lose health the revert may find nothing serving and
// honestly end reverted (MayRevert).
func FailedRepair() Act {
	a := Promote(ScFailedRepair)
	a.Expect = api.PhaseFailed
	broken, aborted := false, false
	a.React = func(ctx context.Context, w *World, r *api.Rollout) error {
		if r == nil || r.AMI != AMIs[1] {
			return nil
		}
		switch {
		case !broken && r.Phase == api.PhasePaused:
			broken = true
			w.breakApp(r.FromGroup, simaws.AppNeverHealthy)
		case broken && !aborted && !r.Phase.Terminal() && w.Cloud.Truth().TargetGroups[r.FromTargetGroup].Healthy == 0:
			aborted = true
			return w.Request(ctx, func(d *api.Desired) { d.Abort = true })
		}
		return nil
	}
	a.Check = func(_ *World, r *api.Rollout) error {
		if r.Phase == api.PhaseFailed && !strings.HasPrefix(r.Reason, "revert did not finish") {
			return fmt.Errorf("the rollout failed for %q, not because its revert ran out of time", r.Reason)
		}
		return nil
	}
	return a
}

// RepairFailed heals what FailedRepair broke (blue's application) and,
// when the last rollout failed, asks for a repair the way `asgctl repair`
// does. It expects the record to end failed and repaired, with a live
// group found, and no rollout started.
func RepairFailed() Act {
	return Act{Name: ScFailedRepair + "_repair", Expect: api.PhaseFailed, NoRollout: true,
		Begin: func(ctx context.Context, w *World) error {
			r := w.Record(ctx)
			if r == nil || r.AMI != AMIs[1] {
				return fmt.Errorf("no rollout of %s to repair: %s", AMIs[1], describe(r))
			}
			w.breakApp(r.FromGroup, simaws.AppHealthy)
			if r.Phase != api.PhaseFailed {
				return nil
			}
			return w.Repair(ctx)
		},
		// Done once the ground truth is at rest too: a quiet pass may have
		// read a stale describe, and the housekeeping it missed must not
		// be blamed on the repeated repair that follows.
		Done: func(w *World, r *api.Rollout) bool {
			return (r.Phase != api.PhaseFailed || r.Repaired()) && len(invariant.Settled(w.Snapshot(context.Background()))) == 0
		},
		Check: func(_ *World, r *api.Rollout) error {
			if r.Phase == api.PhaseFailed && (!r.Repaired() || r.Repair.LiveGroup == "") {
				return fmt.Errorf("the repair did not finish with a live group: %+v", r.Repair)
			}
			return nil
		},
	}
}

// breakApp makes the application of group's AMI behave as f: on its
// running instances at once and on every instance launched from now on.
func (w *World) breakApp(group string, f simaws.AppFault) {
	g := w.Cloud.Truth().Groups[group]
	w.Cloud.BreakAMI(g.AMI, f)
	for _, inst := range g.Instances {
		w.Cloud.BreakInstance(inst.ID, f)
	}
}

// RepairAgain asks for a repair of a service already repaired (or whose
// last rollout did not fail) and expects it to change nothing: AWS's
// ground truth (groups' sizes, processes, target groups; the listener's
// weights) is as it was, the record and history stay byte for byte as
// they were, and no rollout starts, over two idle polls. (A call that
// changes nothing, such as a suspend repeated after a stale describe,
// is not a change.)
func RepairAgain() Act {
	var rec0 []byte
	var hist0 int
	var aws0 string
	var begun time.Time
	return Act{Name: ScFailedRepair + "_again", Expect: api.PhaseFailed, NoRollout: true,
		Begin: func(ctx context.Context, w *World) error {
			var err error
			if rec0, hist0, err = w.books(ctx); err != nil {
				return err
			}
			aws0, begun = w.restingAWS(), w.Clock.Now()
			return w.Repair(ctx)
		},
		Done: func(w *World, _ *api.Rollout) bool {
			return w.Clock.Now().Sub(begun) >= 2*w.Tuning.WithDefaults().IdlePoll
		},
		Check: func(w *World, _ *api.Rollout) error {
			if now := w.restingAWS(); now != aws0 {
				return fmt.Errorf("a repeated repair changed AWS:\n%s\n%s", aws0, now)
			}
			rec, hist, err := w.books(context.Background())
			switch {
			case err != nil:
				return err
			case !bytes.Equal(rec, rec0):
				return fmt.Errorf("a repeated repair changed the record:\n%s\n%s", rec0, rec)
			case hist != hist0:
				return fmt.Errorf("a repeated repair appended %d history entries", hist-hist0)
			}
			return nil
		},
	}
}

// books are the rollout record as JSON and the length of the history.
func (w *World) books(ctx context.Context) ([]byte, int, error) {
	rec, err := json.Marshal(w.Record(ctx))
	if err != nil {
		return nil, 0, fmt.Errorf("encode the record: %w", err)
	}
	hist, err := w.Store.History(ctx, w.Spec.Name)
	if err != nil {
		return nil, 0, fmt.Errorf("read the history: %w", err)
	}
	return rec, len(hist), nil
}

// restingAWS is what a service at rest shows in AWS, as text: every
// group's size, suspended processes, target groups and whether it is
// being deleted, and the listeners' weights (instances come and go on
// their own and are left out).
func (w *World) restingAWS() string {
	t := w.Cloud.Truth()
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(t.Groups)) {
		g := t.Groups[name]
		fmt.Fprintf(&b, "%s %d/%d/%d suspended=%v tgs=%v deleting=%v\n", name, g.Min, g.Max, g.Desired, g.Suspended, g.TargetGroups, g.Deleting)
	}
	for _, l := range slices.Sorted(maps.Keys(t.Listeners)) {
		fmt.Fprintf(&b, "%s %v\n", l, t.Listeners[l])
	}
	return b.String()
}

// PromoteApproved rolls ami out blue/green, approving each manual gate as
// soon as the rollout waits at it.
func PromoteApproved(name, ami string) Act {
	a := PromoteAMI(name, ami)
	a.React = func(ctx context.Context, w *World, r *api.Rollout) error {
		if r == nil || r.AMI != ami || r.Phase != api.PhasePaused {
			return nil
		}
		return w.Request(ctx, func(d *api.Desired) { d.ApprovedStep = max(d.ApprovedStep, r.Step) })
	}
	return a
}
