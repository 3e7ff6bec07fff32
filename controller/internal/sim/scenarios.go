package sim

import (
	"context"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
)

// Scenario names, each an operator story.
const (
	ScFirstDeploy    = "first_deploy"
	ScPromote        = "promote"
	ScManualGates    = "manual_gates"
	ScUnhealthyGreen = "unhealthy_green"
	ScAlarm          = "alarm_mid_shift"
	ScAbort          = "abort_mid_shift"
	ScRollback       = "rollback_after_complete"
	ScSupersede      = "supersede"
	ScCrash          = "controller_crash"
	ScRacing         = "racing_loops"
	ScMissingAlarm   = "missing_alarm"
	ScFailedRepair   = "failed_repair"
	ScScalingChange  = "scaling_spec_change"
	// ScTemplateRefresh: promote --refresh after a new default template version.
	ScTemplateRefresh = "template_refresh"
)

// Scenarios lists every scenario, in the order seeds cycle through them.
var Scenarios = []string{
	ScFirstDeploy, ScPromote, ScManualGates, ScUnhealthyGreen, ScAlarm, ScAbort, ScRollback, ScSupersede, ScCrash, ScRacing,
	ScMissingAlarm, ScFailedRepair, ScScalingChange, ScTemplateRefresh,
}

// FirstDeploy launches the service's first group from AMIs[0].
func FirstDeploy() Act {
	return Act{Name: ScFirstDeploy, Expect: api.PhaseComplete,
		Begin: func(ctx context.Context, w *World) error { return w.Promote(ctx, AMIs[0], false) },
		Done:  amiDone(AMIs[0])}
}

// Promote rolls AMIs[1] out blue/green.
func Promote(name string) Act { return PromoteAMI(name, AMIs[1]) }

// PromoteAMI rolls ami out blue/green.
func PromoteAMI(name, ami string) Act {
	return Act{Name: name, Expect: api.PhaseComplete,
		Begin: func(ctx context.Context, w *World) error { return w.Promote(ctx, ami, false) },
		Done:  amiDone(ami)}
}

// UnhealthyGreen promotes an AMI whose app never passes health checks; the
// progress deadline reverts it.
func UnhealthyGreen() Act {
	a := Promote(ScUnhealthyGreen)
	a.Expect = api.PhaseReverted
	a.Begin = func(ctx context.Context, w *World) error {
		w.Cloud.BreakAMI(AMIs[2], simaws.AppNeverHealthy)
		return w.Promote(ctx, AMIs[2], false)
	}
	a.Done = amiDone(AMIs[2])
	return a
}

func amiDone(ami string) func(*World, *api.Rollout) bool {
	return func(_ *World, r *api.Rollout) bool { return r.AMI == ami }
}

// ManualGates promotes through manual gates released after operator think
// time drawn from the seed.
func ManualGates(think []time.Duration) Act {
	a := Promote(ScManualGates)
	waitingSince := map[int]time.Time{}
	a.React = func(ctx context.Context, w *World, r *api.Rollout) error {
		if r == nil || r.Phase != api.PhasePaused || r.AMI != AMIs[1] {
			return nil
		}
		since, ok := waitingSince[r.Step]
		if !ok {
			waitingSince[r.Step] = w.Clock.Now()
			return nil
		}
		if w.Clock.Now().Sub(since) < think[(r.Step-1)%len(think)] {
			return nil
		}
		return w.Request(ctx, func(d *api.Desired) { d.ApprovedStep = max(d.ApprovedStep, r.Step) })
	}
	return a
}

// Alarm fires a CloudWatch alarm once the rollout reaches step k.
func Alarm(k int) Act {
	a := Promote(ScAlarm)
	a.Expect = api.PhaseReverted
	fired := false
	a.React = func(ctx context.Context, w *World, r *api.Rollout) error {
		if r == nil || r.AMI != AMIs[1] {
			return nil
		}
		if !fired && r.Step >= k && (r.Phase == api.PhasePaused || r.Phase == api.PhaseShifting) {
			w.Cloud.SetAlarmState(w.Spec.Alarms[0], "ALARM")
			fired = true
		}
		if fired && r.Phase.Terminal() {
			w.Cloud.SetAlarmState(w.Spec.Alarms[0], "OK")
		}
		return nil
	}
	return a
}

// Abort asks for an abort once the rollout reaches phase p at step >= k.
func Abort(p api.Phase, k int) Act {
	a := Promote(ScAbort)
	a.Expect = api.PhaseReverted
	sent := false
	a.React = func(ctx context.Context, w *World, r *api.Rollout) error {
		if sent || r == nil || r.AMI != AMIs[1] || r.Phase != p || r.Step < k {
			return nil
		}
		sent = true
		return w.Request(ctx, func(d *api.Desired) { d.Abort = true })
	}
	return a
}

// Supersede asks for AMIs[2] while AMIs[1] is paused mid-shift.
func Supersede() Act {
	a := Promote(ScSupersede)
	sent := false
	a.React = func(ctx context.Context, w *World, r *api.Rollout) error {
		if sent || r == nil || r.AMI != AMIs[1] || r.Phase != api.PhasePaused {
			return nil
		}
		sent = true
		return w.Promote(ctx, AMIs[2], false)
	}
	a.Done = amiDone(AMIs[2])
	return a
}

// Rollback promotes AMIs[1], then rolls back to the retained AMIs[0] group.
func Rollback() Act {
	a := Promote(ScRollback)
	a.Reused = true
	sent := false
	a.React = func(ctx context.Context, w *World, r *api.Rollout) error {
		if sent || r == nil || r.AMI != AMIs[1] || r.Phase != api.PhaseComplete {
			return nil
		}
		sent = true
		return w.Promote(ctx, AMIs[0], true)
	}
	a.Done = func(_ *World, r *api.Rollout) bool { return sent && r.AMI == AMIs[0] }
	return a
}
