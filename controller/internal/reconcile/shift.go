package reconcile

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// shiftTo starts step k: record it, then write its weights, and read them
// back soon after.
func (b *builder) shiftTo(r *api.Rollout, k int) {
	r.Step = k
	want := b.stepWeights(r, k)
	r.Weights = want
	b.transition(api.PhaseShifting, fmt.Sprintf("step %d: %d%% to %s", k, want[r.ToTargetGroup], r.ToGroup))
	if b.setWeights(r, want) && b.rec.Phase == api.PhaseShifting {
		b.after(b.t.ReadBackPoll)
	}
}

// shifting waits for step k's weights to read back, re-writing them when
// needed, then pauses (or promotes after the last step).
func (b *builder) shifting(r *api.Rollout) {
	b.after(b.t.FastPoll)
	if b.gateFailed(r) {
		return
	}
	want := b.stepWeights(r, r.Step)
	if !b.weightsEqual(want) {
		b.setWeights(r, want)
		return
	}
	if r.Step >= len(b.d.Spec.Steps) {
		if b.verifies(api.StageAfterTraffic) {
			b.startVerifying(r, api.StageAfterTraffic)
			return
		}
		b.promote(r)
		return
	}
	b.transition(api.PhasePaused, fmt.Sprintf("paused after step %d", r.Step))
	b.paused(r)
}

// promote ends the shift: all traffic is on green, whose scaling
// processes run from now on.
func (b *builder) promote(r *api.Rollout) {
	r.PromotedAt = b.now
	b.resumeGreen(r)
	b.transition(api.PhasePromoted, fmt.Sprintf("all traffic on %s", r.ToGroup))
	b.requeueIn(min(b.t.PausePoll, b.d.Spec.ScaleDown()))
}

// paused holds a step for its pause (or until an operator releases a manual
// gate), watching alarms, green's health and the analysis's verdicts, then
// moves to the next step once the analysis lets it.
func (b *builder) paused(r *api.Rollout) {
	if b.gateFailed(r) {
		return
	}
	if want := b.stepWeights(r, r.Step); !b.weightsEqual(want) {
		b.setWeights(r, want)
		return
	}
	if b.judge(r) {
		return
	}
	pause, manual, _ := b.d.Spec.Steps[r.Step-1].PauseOf()
	if manual {
		b.after(b.t.PausePoll)
		if req := b.d.Request; Addresses(req, r) && req.ApprovedStep >= r.Step {
			r.ManualWait += api.Duration(b.now.Sub(r.PhaseSince))
			r.Approvals = append(r.Approvals, api.Approval{Step: r.Step, By: approver(req), At: b.now})
			b.shiftTo(r, r.Step+1)
			return
		}
		b.reason = fmt.Sprintf("waiting for approval of step %d (asgctl promote %s --expect-step %d)", r.Step, r.Service, r.Step)
		return
	}
	left := r.PhaseSince.Add(pause).Sub(b.now)
	if left > 0 {
		b.after(min(left, b.t.PausePoll))
		return
	}
	if why, revert := b.analysisHold(r, r.PhaseSince.Add(pause)); revert {
		b.revert(why)
		return
	} else if why != "" {
		b.reason = why
		b.after(b.t.PausePoll)
		return
	}
	b.shiftTo(r, r.Step+1)
}

// gateFailed reverts when a listed alarm fires, is missing or cannot be
// read, or green's health drops below
// what the rollout needs; it reports whether it did.
func (b *builder) gateFailed(r *api.Rollout) bool {
	if why := b.alarmProblem(); why != "" {
		b.revert(why)
		return true
	}
	if ok, why := b.greenReady(r); !ok {
		b.revert("green lost health: " + why)
		return true
	}
	return false
}

// resumeGreen lets green's scaling policies and schedules act: it carries
// all the traffic from promotion on. Its min stays pinned until draining,
// so they can scale it out, not in.
func (b *builder) resumeGreen(r *api.Rollout) {
	if g, ok := b.group(r.ToGroup); ok {
		b.resume(g)
	}
}

// approver is who released a gate: the request's approver, else its
// requester (requests written before approvers were recorded).
func approver(req *api.Desired) string {
	if req.ApprovedBy != "" {
		return req.ApprovedBy
	}
	return req.RequestedBy
}
