package reconcile

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// promoted holds all traffic on green for scale_down_delay — the fast
// rollback window, while blue still runs — then retires blue. Green's
// scaling processes run from promotion on; blue's stay suspended.
func (b *builder) promoted(r *api.Rollout) {
	b.resumeGreen(r)
	if r.FromGroup != "" {
		if b.gateFailed(r) {
			return
		}
		left := r.PromotedAt.Add(b.d.Spec.ScaleDown()).Sub(b.now)
		if left > 0 {
			b.after(min(left, b.t.PausePoll))
			b.reason = fmt.Sprintf("holding blue %s for the rollback window", r.FromGroup)
			return
		}
	}
	b.transition(api.PhaseDraining, "retiring "+orNone(r.FromGroup))
	b.draining(r)
}

// draining restores green's own capacity and processes, scales blue to zero
// (keeping its scaling processes suspended while it is retained) and waits
// for its instances to drain; once green is seen carrying exactly the
// spec's scaling policies and scheduled actions, the rollout is complete.
func (b *builder) draining(r *api.Rollout) {
	b.after(b.t.PausePoll)
	if g, ok := b.group(r.ToGroup); ok {
		b.scale(g, restCapacity(r.Capacity, g))
		b.resume(g)
	}
	// Settled (and noted) as soon as seen, so later passes read nothing.
	scaled := b.scalingSettled(r, r.ToGroup, r.ToTargetGroup)
	blue, ok := b.group(r.FromGroup)
	if ok && !blue.Deleting {
		b.scale(blue, zero(blue)) // retained: its processes stay suspended
		b.suspend(blue)
		if blue.Instances > 0 || blue.Capacity.Desired > 0 {
			b.reason = fmt.Sprintf("waiting for %d instances of %s to drain", blue.Instances, blue.Name)
			return
		}
	}
	if !scaled {
		b.after(b.t.FastPoll)
		b.reason = "making sure " + r.ToGroup + " carries the spec's scaling policies and scheduled actions"
		return
	}
	r.FinishedAt = b.now
	b.transition(api.PhaseComplete, fmt.Sprintf("%s is live on %s", r.AMI, r.ToGroup))
}

func orNone(s string) string {
	if s == "" {
		return "nothing (first deploy)"
	}
	return s
}
