package sim

import (
	"context"
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// MissingAlarm deletes the spec's gating alarm through the CloudWatch API
// and expects the rollout to end reverted for a reason that names the
// alarm: alarms fail closed. k says when: -1 before the promote, 0 while
// green boots (before the first shift), k >= 1 once the rollout reaches
// step k. Invariant 9 (checked after every pass) holds that no weight
// moves to green meanwhile. The alarm is re-created once the rollout ends,
// so later acts find it. loseGreen says the fault mix can make green lose
// health, which may revert the rollout before the alarm is deleted.
func MissingAlarm(k int, loseGreen bool) Act {
	a := Promote(ScMissingAlarm)
	a.Expect = api.PhaseReverted
	deleted, restored := false, false
	a.Begin = func(ctx context.Context, w *World) error {
		if k < 0 {
			deleted = true
			if err := w.DeleteAlarm(ctx, w.Spec.Alarms[0]); err != nil {
				return err
			}
		}
		return w.Promote(ctx, AMIs[1], false)
	}
	a.React = func(ctx context.Context, w *World, r *api.Rollout) error {
		if r == nil || r.AMI != AMIs[1] {
			return nil
		}
		name := w.Spec.Alarms[0]
		if !deleted && alarmDue(k, r) {
			deleted = true
			return w.DeleteAlarm(ctx, name)
		}
		if deleted && !restored && r.Phase.Terminal() {
			restored = true
			w.Cloud.CreateAlarm(name)
		}
		return nil
	}
	a.Check = func(w *World, r *api.Rollout) error {
		name := w.Spec.Alarms[0]
		switch {
		case !deleted && loseGreen:
			return nil // green's flapping health reverted it first
		case !deleted:
			return fmt.Errorf("the rollout ended %s (%s) before alarm %s was deleted", r.Phase, r.Reason, name)
		case !strings.Contains(r.Reason, "alarm "+name):
			return fmt.Errorf("the rollout ended %s (%s), a reason that does not name the missing alarm %s", r.Phase, r.Reason, name)
		case !restored:
			return fmt.Errorf("alarm %s was not re-created after the rollout ended", name)
		}
		return nil
	}
	return a
}

// alarmDue reports whether rollout r has reached the point where
// MissingAlarm(k) deletes the alarm.
func alarmDue(k int, r *api.Rollout) bool {
	if k == 0 {
		return r.Phase == api.PhaseWaitingHealthy
	}
	return k > 0 && r.Step >= k && (r.Phase == api.PhasePaused || r.Phase == api.PhaseShifting)
}
