package reconcile

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// Decide returns the next plan for one service from what was observed, what
// is desired, and the time. It is pure: no I/O, no clock, no randomness; the
// same inputs give a byte-identical plan.
func Decide(o Observed, d Desired, now time.Time) Plan {
	b := newBuilder(o, d, now)
	if len(b.d.Spec.TargetGroups) != 2 || len(b.d.Spec.Steps) == 0 {
		b.reason = "spec is not usable: it needs two target groups and at least one step"
		return b.plan()
	}
	if !o.GroupsKnown {
		b.reason = "groups were not observed"
		b.after(b.t.FastPoll)
		return b.plan()
	}
	if b.rec == nil || b.rec.Phase.Terminal() {
		b.idle()
		return b.plan()
	}
	b.active(b.rec)
	return b.plan()
}

// active advances a rollout in progress, after the checks that apply to
// every phase before draining: abort, supersede, progress deadline.
func (b *builder) active(r *api.Rollout) {
	if early(r.Phase) {
		if why := b.interrupted(r); why != "" {
			b.revert(why)
			return
		}
	}
	switch r.Phase {
	case api.PhaseLaunching:
		b.launching(r)
	case api.PhaseWaitingHealthy:
		b.waitingHealthy(r)
	case api.PhaseVerifying:
		b.verifying(r)
	case api.PhaseShifting:
		b.shifting(r)
	case api.PhasePaused:
		b.after(b.t.PausePoll)
		b.paused(r)
	case api.PhasePromoted:
		b.promoted(r)
	case api.PhaseDraining:
		b.draining(r)
	case api.PhaseReverting:
		b.reverting(r)
	default:
		b.revert(fmt.Sprintf("unknown phase %q in the rollout record", r.Phase))
	}
}

// early phases can still be reverted by abort, supersede or deadline.
func early(p api.Phase) bool {
	switch p {
	case api.PhaseLaunching, api.PhaseWaitingHealthy, api.PhaseVerifying, api.PhaseShifting, api.PhasePaused, api.PhasePromoted:
		return true
	}
	return false
}

// interrupted says why a rollout in progress must be reverted, or "".
func (b *builder) interrupted(r *api.Rollout) string {
	if req := b.d.Request; req != nil {
		if req.Abort && Addresses(req, r) {
			return "aborted" + by(req.RequestedBy)
		}
		if !req.Abort && !Addresses(req, r) && req.AMI != "" {
			return fmt.Sprintf("superseded by a request for %s%s", req.AMI, by(req.RequestedBy))
		}
	}
	if r.Phase == api.PhasePromoted || b.atManualGate(r) {
		return ""
	}
	spent := b.now.Sub(r.StartedAt) - r.ManualWait.D()
	if limit := b.d.Spec.ProgressDeadline.D(); spent > limit {
		return fmt.Sprintf("progress deadline %s exceeded while %s", limit, r.Phase)
	}
	return ""
}

func (b *builder) atManualGate(r *api.Rollout) bool {
	if r.Phase != api.PhasePaused || r.Step < 1 || r.Step > len(b.d.Spec.Steps) {
		return false
	}
	_, manual, _ := b.d.Spec.Steps[r.Step-1].PauseOf()
	return manual
}

func by(who string) string {
	if who == "" {
		return ""
	}
	return " by " + who
}

// Phase is the phase a status view shows for an observed service: the
// record's phase, or idle when there is none.
func Phase(o Observed) api.Phase {
	if o.Rollout == nil {
		return api.PhaseIdle
	}
	return o.Rollout.Phase
}
