package reconcile

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// revert turns the working rollout around and takes the first revert steps
// in the same pass.
func (b *builder) revert(reason string) {
	r := b.rec
	r.RevertStarted = b.now
	b.acts = nil
	b.transition(api.PhaseReverting, reason)
	b.reverting(r)
}

// reverting puts all weight back on blue first (the test listener's too),
// then removes green (scaled to zero when it is a retained group), resumes
// processes, and ends reverted — or failed when it cannot finish within
// the revert budget.
func (b *builder) reverting(r *api.Rollout) {
	b.after(b.t.FastPoll)
	if b.now.Sub(r.RevertStarted) > b.t.RevertBudget {
		r.FinishedAt = b.now
		b.transition(api.PhaseFailed, fmt.Sprintf("revert did not finish within %s (%s)", b.t.RevertBudget, r.Reason))
		return
	}
	if r.FromGroup != "" {
		if !b.o.WeightsKnown {
			b.reason = r.Reason + "; reading the listener"
			return // reverted from a phase that does not read it: next pass does
		}
		want := b.blueWeights(r)
		if !b.weightsEqual(want) {
			if why := b.blueUnfit(r); why != "" {
				b.reason = r.Reason + "; holding traffic: " + why
				return
			}
			b.writeWeights(r, want)
			return
		}
		// All-blue is also what the listener looked like before the
		// rollout, so a stale read can show it while green still gets
		// traffic. Believe it only once no read can be stale.
		if settle := r.WeightsAt.Add(b.t.ReadBackDelay).Sub(b.now); settle > 0 {
			b.requeueIn(settle)
			b.reason = r.Reason + "; confirming weights are back on blue"
			return
		}
		if b.hasTestListener() && !b.testOn(r.FromTargetGroup) {
			b.pointTest(r.FromTargetGroup)
			b.reason = r.Reason + "; pointing the test listener back at blue"
			return
		}
		if blue, ok := b.group(r.FromGroup); ok {
			b.resume(blue)
		}
	}
	if !b.greenGone(r) {
		return
	}
	r.FinishedAt = b.now
	b.transition(api.PhaseReverted, r.Reason)
}

// blueUnfit says why moving all traffic back to blue would cut the healthy
// targets serving below what the service needs (blue lost its instances
// mid-rollout), or "" when the move is safe. A revert then holds traffic
// where it is and keeps trying; past the revert budget it ends failed.
func (b *builder) blueUnfit(r *api.Rollout) string {
	blue := b.healthy(r.FromTargetGroup)
	need := b.required(r.Capacity.Desired)
	now := 0
	for _, tg := range b.d.Spec.TargetGroups {
		if b.o.Weights[tg] > 0 {
			now += b.healthy(tg)
		}
	}
	if blue < need && blue < now {
		return fmt.Sprintf("blue %s has %d healthy targets (need %d) while %d serve now", shortARN(r.FromTargetGroup), blue, need, now)
	}
	return ""
}

// greenGone removes green and reports whether it is out of the way.
func (b *builder) greenGone(r *api.Rollout) bool {
	g, ok := b.group(r.ToGroup)
	if !ok || g.Deleting {
		return true
	}
	if r.Reused {
		b.suspend(g) // retained again: its schedules and alarms stay off
		b.scale(g, zero(g))
		return g.Capacity.Desired == 0 && len(missingProcesses(g)) == 0
	}
	b.remove(g)
	return false
}
