package reconcile

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// hasTestListener reports whether the spec names a test listener or rule.
func (b *builder) hasTestListener() bool {
	return b.d.Spec.TestListenerARN != "" || b.d.Spec.TestRuleARN != ""
}

// verifies reports whether rollout r verifies green at stage: before
// traffic when the spec has a test listener or before_traffic hooks,
// after traffic when it has after_traffic hooks.
func (b *builder) verifies(stage string) bool {
	if stage == api.StageBeforeTraffic && b.hasTestListener() {
		return true
	}
	return len(b.d.Spec.Verify.Hooks(stage)) > 0
}

// stageOf is the verify stage a rollout in PhaseVerifying is at: before
// traffic at step 0, after traffic at the last step.
func stageOf(r *api.Rollout) string {
	if r.Step == 0 {
		return api.StageBeforeTraffic
	}
	return api.StageAfterTraffic
}

// startVerifying enters PhaseVerifying at stage and takes its first
// steps in the same pass.
func (b *builder) startVerifying(r *api.Rollout, stage string) {
	what := "before production traffic"
	if stage == api.StageAfterTraffic {
		what = "with all traffic"
	}
	b.transition(api.PhaseVerifying, fmt.Sprintf("verifying %s %s", r.ToGroup, what))
	b.verifying(r)
}

// verifying runs the stage's hooks one per pass, in the spec's order: the
// test listener is on green first (before traffic), a hook without a
// result runs (at least once: again if a controller died before storing
// its result), a failed hook reverts the rollout with its output, and
// when all passed the rollout moves on: to its first step, or promoted.
func (b *builder) verifying(r *api.Rollout) {
	b.after(b.t.FastPoll)
	stage := stageOf(r)
	if !b.verifyGates(r, stage) {
		return
	}
	b.syncChecks(r)
	for _, h := range b.d.Spec.Verify.Hooks(stage) {
		res, ok := findResult(r.Checks, stage, h.Name)
		if !ok {
			if b.o.ChecksKnown {
				b.runHook(r, stage, h)
			}
			b.reason = fmt.Sprintf("verifying %s: hook %s", r.ToGroup, h.Name)
			return
		}
		if !res.Passed {
			b.revert(fmt.Sprintf("verify hook %s (%s) failed: %s", h.Name, stage, res.Output))
			return
		}
	}
	if stage == api.StageBeforeTraffic {
		b.beginShift(r)
		return
	}
	b.promote(r)
}

// verifyGates holds green to what it must be while verified: healthy
// before traffic (with the test listener on it), and within the alarm and
// health gates with all traffic. It reports whether hooks may run.
func (b *builder) verifyGates(r *api.Rollout, stage string) bool {
	if stage == api.StageAfterTraffic {
		return !b.gateFailed(r)
	}
	if ok, why := b.greenReady(r); !ok {
		b.revert("green not healthy while verified: " + why)
		return false
	}
	if b.hasTestListener() && !b.testOn(r.ToTargetGroup) {
		b.pointTest(r.ToTargetGroup)
		b.reason = fmt.Sprintf("pointing the test listener at %s", shortARN(r.ToTargetGroup))
		return false
	}
	return true
}

// testOn reports whether the test listener is seen forwarding everything
// to tg.
func (b *builder) testOn(tg string) bool {
	if !b.o.TestWeightsKnown {
		return false
	}
	for t, w := range b.allOn(tg) {
		if b.o.TestWeights[t] != w {
			return false
		}
	}
	return true
}

// pointTest forwards the test listener (or rule) to tg, when it is known
// to forward elsewhere.
func (b *builder) pointTest(tg string) {
	if !b.o.TestWeightsKnown || b.testOn(tg) {
		return
	}
	b.add(Action{
		Kind: ActSetWeights, Listener: b.d.Spec.TestListenerARN, Rule: b.d.Spec.TestRuleARN,
		Weights: b.allOn(tg), ExpectWeights: b.overTargetGroups(b.o.TestWeights),
	})
	b.after(b.t.FastPoll)
}

// syncChecks copies the stored results of r's hooks into its record.
func (b *builder) syncChecks(r *api.Rollout) {
	c := b.o.Checks
	if !b.o.ChecksKnown || c == nil || c.Rollout != r.ID || len(c.Results) == len(r.Checks) {
		return
	}
	r.Checks = append([]api.HookResult(nil), c.Results...)
	b.dirty = true
}

// runHook asks for hook h of stage to run for r.
func (b *builder) runHook(r *api.Rollout, stage string, h api.Hook) {
	hook := h
	rec := r.Clone()
	b.add(Action{
		Kind: ActRunHook, Rollout: &rec, Stage: stage, Hook: &hook, BaseURL: b.d.Spec.Verify.BaseURL,
		Listener: b.d.Spec.TestListenerARN, Rule: b.d.Spec.TestRuleARN,
	})
}

// findResult is the latest result of hook name at stage.
func findResult(rs []api.HookResult, stage, name string) (api.HookResult, bool) {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Stage == stage && rs[i].Hook == name {
			return rs[i], true
		}
	}
	return api.HookResult{}, false
}
