package sim

import (
	"maps"
	"time"

	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// assumeAlarmsExist is a known-bad decider that fails open: an alarm the
// spec names but CloudWatch does not have is taken to be OK.
func assumeAlarmsExist(o reconcile.Observed, d reconcile.Desired, now time.Time) reconcile.Plan {
	if o.AlarmsKnown {
		alarms := maps.Clone(o.Alarms)
		if alarms == nil {
			alarms = map[string]string{}
		}
		for _, name := range d.Spec.Alarms {
			if _, ok := alarms[name]; !ok {
				alarms[name] = "OK"
			}
		}
		o.Alarms = alarms
	}
	return reconcile.Decide(o, d, now)
}

// skipIdleScaling is a known-bad decider that never puts scaling on the
// live group of an idle service, so a spec change never reaches it.
func skipIdleScaling(o reconcile.Observed, d reconcile.Desired, now time.Time) reconcile.Plan {
	p := reconcile.Decide(o, d, now)
	if o.Rollout == nil || !o.Rollout.Phase.Terminal() {
		return p
	}
	kept := p.Actions[:0:0]
	for _, a := range p.Actions {
		if a.Kind != reconcile.ActPutScaling {
			kept = append(kept, a)
		}
	}
	p.Actions = kept
	return p
}

// repairsAgain is a known-bad decider that answers a repair request on a
// service already repaired by noting the new request on the record.
func repairsAgain(o reconcile.Observed, d reconcile.Desired, now time.Time) reconcile.Plan {
	p := reconcile.Decide(o, d, now)
	r, req := o.Rollout, d.Request
	if !r.Repaired() || req == nil || !req.Repair || req.RequestID == r.Repair.RequestID || len(p.Actions) > 0 {
		return p
	}
	again := r.Clone()
	again.Repair.RequestID, again.UpdatedAt = req.RequestID, now
	p.Actions = []reconcile.Action{{Kind: reconcile.ActWriteRollout, Rollout: &again, ExpectIndex: o.RolloutIndex}}
	return p
}
