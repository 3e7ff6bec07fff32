package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

const testListenerARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/1111/3333"

// verifyDesired is desired(r2) with a test listener and one hook per stage.
func verifyDesired() Desired {
	d := desired(request("r2", amiNew))
	d.Spec.TestListenerARN = testListenerARN
	d.Spec.Verify = &api.Verify{
		BeforeTraffic: []api.Hook{{Name: "smoke", HTTP: &api.HTTPCheck{URL: "/"}}},
		AfterTraffic:  []api.Hook{{Name: "qa", Webhook: &api.Webhook{URL: "https://qa.example/hook"}}},
	}
	d.Spec = d.Spec.WithDefaults()
	return d
}

// verifyingAt is rolling(PhaseVerifying, step) with the test listener on
// testTG and the given stored results.
func verifyingAt(step int, testTG string, results ...api.HookResult) Observed {
	o := rolling(api.PhaseVerifying, step)
	o.TestWeightsKnown, o.TestWeights = true, map[string]int{tgA: 0, tgB: 0}
	o.TestWeights[testTG] = 100
	o.ChecksKnown = true
	if len(results) > 0 {
		o.Checks = &api.HookResults{Version: 1, Rollout: "web-v002", Results: results}
	}
	return o
}

func TestGreenHealthyGoesVerifyingWithTheTestListenerOnIt(t *testing.T) {
	o := rolling(api.PhaseWaitingHealthy, 0)
	o.TestWeightsKnown, o.TestWeights = true, map[string]int{tgA: 100, tgB: 0}
	p := Decide(o, verifyDesired(), t0.Add(time.Minute))
	r := written(p)
	if r == nil || r.Phase != api.PhaseVerifying || r.Step != 0 {
		t.Fatalf("plan %+v: want verifying at step 0", p)
	}
	a := find(p, ActSetWeights)
	if a == nil || a.Listener != testListenerARN || a.Weights[tgB] != 100 || a.Weights[tgA] != 0 {
		t.Fatalf("want the test listener pointed at green, got %+v", a)
	}
	if find(p, ActRunHook) != nil {
		t.Error("a hook ran before the test listener was seen on green")
	}
}

func TestVerifyingRunsHooksOneAtATimeAndMovesOn(t *testing.T) {
	d := verifyDesired()
	p := Decide(verifyingAt(0, tgB), d, t0.Add(time.Minute))
	a := find(p, ActRunHook)
	if a == nil || a.Stage != api.StageBeforeTraffic || a.Hook.Name != "smoke" || a.Listener != testListenerARN || a.Rollout.ID != "web-v002" {
		t.Fatalf("want hook smoke run, got %+v", p.Actions)
	}
	pass := api.HookResult{Stage: api.StageBeforeTraffic, Hook: "smoke", Passed: true, At: t0}
	p = Decide(verifyingAt(0, tgB, pass), d, t0.Add(2*time.Minute))
	r := written(p)
	if r == nil || r.Phase != api.PhaseShifting || r.Step != 1 || len(r.Checks) != 1 || !r.Checks[0].Passed {
		t.Fatalf("after the hook passed: %+v, want shifting step 1 with the check recorded", r)
	}
	if find(p, ActRunHook) != nil {
		t.Error("a hook with a result ran again")
	}
}

func TestFailedHookRevertsWithItsOutput(t *testing.T) {
	fail := api.HookResult{Stage: api.StageBeforeTraffic, Hook: "smoke", Output: "GET / (request 1 of 1): status 503, want 200", At: t0}
	p := Decide(verifyingAt(0, tgB, fail), verifyDesired(), t0.Add(2*time.Minute))
	r := written(p)
	if r == nil || r.Phase != api.PhaseReverting || !strings.Contains(r.Reason, "verify hook smoke (before_traffic) failed: GET / (request 1 of 1): status 503") {
		t.Fatalf("got %+v", r)
	}
	if w := find(p, ActSetWeights); w != nil && w.Weights[tgB] > 0 && w.Listener == listener {
		t.Errorf("a revert raised green's production weight: %+v", w)
	}
}

func TestResultsOfAnotherRolloutDoNotCount(t *testing.T) {
	o := verifyingAt(0, tgB, api.HookResult{Stage: api.StageBeforeTraffic, Hook: "smoke", Passed: true})
	o.Checks.Rollout = "web-v001"
	p := Decide(o, verifyDesired(), t0.Add(time.Minute))
	if find(p, ActRunHook) == nil {
		t.Fatalf("a result of rollout web-v001 counted for web-v002: %+v", p)
	}
}

func TestAfterTrafficHooksGatePromotion(t *testing.T) {
	d := verifyDesired()
	o := rolling(api.PhaseShifting, 3)
	o.Weights = map[string]int{tgA: 0, tgB: 100}
	o.TestWeightsKnown, o.TestWeights = true, map[string]int{tgA: 0, tgB: 100}
	o.ChecksKnown = true
	p := Decide(o, d, t0.Add(5*time.Minute))
	r := written(p)
	if r == nil || r.Phase != api.PhaseVerifying || r.Step != 3 {
		t.Fatalf("want verifying at the last step, got %+v", r)
	}
	if a := find(p, ActRunHook); a == nil || a.Stage != api.StageAfterTraffic || a.Hook.Name != "qa" {
		t.Fatalf("want hook qa run, got %+v", p.Actions)
	}
	o = verifyingAt(3, tgB, api.HookResult{Stage: api.StageAfterTraffic, Hook: "qa", Passed: true})
	o.Weights = map[string]int{tgA: 0, tgB: 100}
	if r := written(Decide(o, d, t0.Add(6*time.Minute))); r == nil || r.Phase != api.PhasePromoted {
		t.Fatalf("want promoted once qa passed, got %+v", r)
	}
}

func TestRevertPointsTheTestListenerBackAtBlue(t *testing.T) {
	o := rolling(api.PhaseReverting, 0)
	o.Rollout.RevertStarted = t0
	o.Rollout.WeightsAt = t0
	o.TestWeightsKnown, o.TestWeights = true, map[string]int{tgA: 0, tgB: 100}
	p := Decide(o, verifyDesired(), t0.Add(time.Minute))
	a := find(p, ActSetWeights)
	if a == nil || a.Listener != testListenerARN || a.Weights[tgA] != 100 {
		t.Fatalf("want the test listener back on blue, got %+v", p.Actions)
	}
	if find(p, ActDeleteGroup) != nil {
		t.Error("green deleted while the test listener still forwarded to it")
	}
}

func TestNoVerifyingWithoutHooksOrTestListener(t *testing.T) {
	o := rolling(api.PhaseWaitingHealthy, 0)
	if r := written(Decide(o, desired(request("r2", amiNew)), t0.Add(time.Minute))); r == nil || r.Phase != api.PhaseShifting {
		t.Fatalf("want shifting straight away, got %+v", r)
	}
}
