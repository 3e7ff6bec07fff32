package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// analysisDesired is desired(r2) with steps 10 % (paused 2m) and 100 %,
// an error-rate analysis each minute, and no metrics delay.
func analysisDesired(onInconclusive string) Desired {
	d := desired(request("r2", amiNew))
	d.Spec.Steps = []api.Step{{Weight: 10, Pause: "2m"}, {Weight: 100}}
	d.Spec.Analysis = &api.Analysis{ErrorRate: &api.ErrorRateCheck{}, MinRequests: 100, OnInconclusive: onInconclusive}
	d.Spec = d.Spec.WithDefaults()
	d.Tuning.MetricsDelay = -1
	return d
}

// pausedAt1 is rolling(paused, 1) at 90/10 since t0, with the window
// [from, from+1m) read: blue and green samples.
func pausedAt1(from time.Time, blue, green api.MetricSample, verdicts ...api.Verdict) Observed {
	o := rolling(api.PhasePaused, 1)
	o.Weights = map[string]int{tgA: 90, tgB: 10}
	o.Rollout.WeightsAt = t0
	if len(verdicts) > 0 {
		o.Rollout.Analysis = &api.AnalysisRecord{Verdicts: verdicts}
		for _, v := range verdicts {
			if v.Result == api.VerdictFail {
				o.Rollout.Analysis.Failures++
			}
		}
	}
	if !from.IsZero() {
		o.Metrics = &MetricWindow{From: from, To: from.Add(time.Minute), Samples: map[string]api.MetricSample{tgA: blue, tgB: green}}
	}
	return o
}

var (
	clean = api.MetricSample{Requests: 5000, Errors: 5}
	bad   = api.MetricSample{Requests: 5000, Errors: 250}
	few   = api.MetricSample{Requests: 20, Errors: 1}
)

func verdictAt(from time.Time, result string) api.Verdict {
	return api.Verdict{Step: 1, From: from, To: from.Add(time.Minute), Result: result, Reason: result + " reason"}
}

func TestAnalysisWindow(t *testing.T) {
	d := analysisDesired("")
	r := pausedAt1(time.Time{}, clean, clean).Rollout
	r.WeightsAt = t0.Add(10 * time.Second)
	if _, _, ok := AnalysisWindow(d.Spec, r, t0.Add(90*time.Second), d.Tuning); ok {
		t.Error("a window that began before the step's weights were written")
	}
	from, to, ok := AnalysisWindow(d.Spec, r, t0.Add(150*time.Second), d.Tuning)
	if !ok || !from.Equal(t0.Add(time.Minute)) || !to.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("window = %v %v %v, want [t0+1m, t0+2m)", from, to, ok)
	}
	r.Analysis = &api.AnalysisRecord{Verdicts: []api.Verdict{verdictAt(t0.Add(time.Minute), api.VerdictPass)}}
	if _, _, ok := AnalysisWindow(d.Spec, r, t0.Add(150*time.Second), d.Tuning); ok {
		t.Error("a window already judged")
	}
	d.Tuning.MetricsDelay = time.Minute
	r.Analysis = nil
	if _, _, ok := AnalysisWindow(d.Spec, r, t0.Add(150*time.Second), d.Tuning); ok {
		t.Error("a window CloudWatch may not have complete yet")
	}
	r.FromTargetGroup = ""
	if AnalysisActive(d.Spec, r) {
		t.Error("analysis without a blue to compare with")
	}
}

func TestFailingAnalysisRevertsAtTheFailureLimit(t *testing.T) {
	d := analysisDesired("")
	p := Decide(pausedAt1(t0.Add(time.Minute), clean, bad), d, t0.Add(125*time.Second))
	r := written(p)
	if r == nil || r.Phase != api.PhasePaused || r.Analysis == nil || r.Analysis.Failures != 1 || r.Analysis.Verdicts[0].Result != api.VerdictFail {
		t.Fatalf("first failing verdict: %+v, want it recorded and the step held", r)
	}
	v := r.Analysis.Verdicts[0]
	if v.Green.Errors != 250 || v.Blue.Requests != 5000 || v.Step != 1 || !v.From.Equal(t0.Add(time.Minute)) {
		t.Errorf("verdict numbers: %+v", v)
	}
	p = Decide(pausedAt1(t0.Add(2*time.Minute), clean, bad, v), d, t0.Add(185*time.Second))
	r = written(p)
	if r == nil || r.Phase != api.PhaseReverting || !strings.Contains(r.Reason, "analysis failed 2 interval(s) in a row at step 1") {
		t.Fatalf("second failing verdict: %+v, want a revert naming the analysis", r)
	}
}

func TestStepWaitsForAPassingVerdict(t *testing.T) {
	d := analysisDesired("")
	// The pause (2m) is over, but the only verdict is inconclusive.
	o := pausedAt1(time.Time{}, clean, clean, verdictAt(t0.Add(time.Minute), api.VerdictInconclusive))
	p := Decide(o, d, t0.Add(150*time.Second))
	if r := written(p); r != nil && r.Step != 1 {
		t.Fatalf("moved on after an inconclusive verdict: %+v", r)
	}
	if !strings.Contains(p.Reason, "held: analysis inconclusive") {
		t.Errorf("reason %q", p.Reason)
	}
	// A passing verdict lets it go.
	p = Decide(pausedAt1(t0.Add(2*time.Minute), clean, clean, verdictAt(t0.Add(time.Minute), api.VerdictInconclusive)), d, t0.Add(185*time.Second))
	if r := written(p); r == nil || r.Step != 2 {
		t.Fatalf("did not move on after a passing verdict: %+v", written(p))
	}
}

func TestInconclusiveLimit(t *testing.T) {
	var vs []api.Verdict
	for i := 1; i <= 4; i++ { // the pause ends at t0+2m: three verdicts end after it
		vs = append(vs, verdictAt(t0.Add(time.Duration(i)*time.Minute), api.VerdictInconclusive))
	}
	now := t0.Add(6 * time.Minute)
	if r := written(Decide(pausedAt1(time.Time{}, few, few, vs...), analysisDesired(""), now)); r == nil || r.Step != 2 {
		t.Fatalf("on_inconclusive continue: %+v, want step 2", r)
	}
	r := written(Decide(pausedAt1(time.Time{}, few, few, vs...), analysisDesired(api.OnInconclusiveRevert), now))
	if r == nil || r.Phase != api.PhaseReverting || !strings.Contains(r.Reason, "no passing verdict at step 1 within 3 extra intervals") {
		t.Fatalf("on_inconclusive revert: %+v", r)
	}
}

func TestVerdictsAreBounded(t *testing.T) {
	var vs []api.Verdict
	for i := range api.MaxVerdicts {
		vs = append(vs, verdictAt(t0.Add(time.Duration(i-api.MaxVerdicts)*time.Minute), api.VerdictPass))
	}
	o := pausedAt1(t0.Add(time.Minute), clean, clean, vs...)
	r := written(Decide(o, analysisDesired(""), t0.Add(125*time.Second)))
	if r == nil || len(r.Analysis.Verdicts) != api.MaxVerdicts || !r.Analysis.Verdicts[api.MaxVerdicts-1].From.Equal(t0.Add(time.Minute)) {
		t.Fatalf("verdicts %d, want %d ending with the new one", len(r.Analysis.Verdicts), api.MaxVerdicts)
	}
}
