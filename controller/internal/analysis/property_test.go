package analysis_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/analysis"
)

// drawAnalysis draws valid settings with at least one check; unset fields
// are left for the judge's defaults now and then.
func drawAnalysis(t *rapid.T) api.Analysis {
	a := api.Analysis{MinRequests: rapid.SampledFrom([]int{0, 1, 10, 200, 500}).Draw(t, "min_requests")}
	withErrors, withLatency := true, true
	switch rapid.IntRange(0, 2).Draw(t, "checks") {
	case 1:
		withErrors = false
	case 2:
		withLatency = false
	}
	if withErrors {
		a.ErrorRate = &api.ErrorRateCheck{
			Confidence: rapid.SampledFrom([]float64{0, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999}).Draw(t, "confidence"),
			Margin:     rapid.SampledFrom([]float64{0, 0, 0.0001, 0.001, 0.01, 0.1, 0.5}).Draw(t, "margin"),
		}
	}
	if withLatency {
		a.Latency = &api.LatencyCheck{
			MaxRatio: rapid.SampledFrom([]float64{0, 1, 1.2, 1.5, 3}).Draw(t, "max_ratio"),
			Slack:    api.Duration(rapid.SampledFrom([]time.Duration{0, 0, time.Millisecond, 20 * time.Millisecond, 100 * time.Millisecond}).Draw(t, "slack")),
		}
	}
	return a
}

// drawSample draws a window's numbers: requests over several scales, an
// error count of any rate and usually a latency.
func drawSample(t *rapid.T, name string) api.MetricSample {
	scale := rapid.SampledFrom([]int64{50, 1000, 20_000, 10_000_000}).Draw(t, name+"_scale")
	req := rapid.Int64Range(0, scale).Draw(t, name+"_requests")
	return api.MetricSample{
		Requests:  req,
		Errors:    drawErrors(t, name, req),
		LatencyMs: drawLatency(t, name),
	}
}

// drawErrors favours low rates, as in real traffic, but reaches every count.
func drawErrors(t *rapid.T, name string, req int64) int64 {
	switch rapid.IntRange(0, 3).Draw(t, name+"_rate_kind") {
	case 0:
		return 0
	case 1:
		return rapid.Int64Range(0, min(req, 20)).Draw(t, name+"_errors")
	case 2:
		return req - rapid.Int64Range(0, min(req, 5)).Draw(t, name+"_successes")
	}
	return rapid.Int64Range(0, req).Draw(t, name+"_errors")
}

func drawLatency(t *rapid.T, name string) *float64 {
	if rapid.IntRange(0, 9).Draw(t, name+"_no_latency") == 0 {
		return nil
	}
	v := rapid.Float64Range(0, 2000).Draw(t, name+"_latency_ms")
	return &v
}

func TestIdenticalSamplesNeverFail(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, s := drawAnalysis(t), drawSample(t, "both")
		if v := analysis.Judge(a, s, s); v.Result == api.VerdictFail {
			t.Fatalf("identical samples %+v failed: %s", s, v.Reason)
		}
	})
}

func TestTooFewRequestsAreInconclusive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := drawAnalysis(t)
		need := int64(api.AnalysisWithDefaults(&a).MinRequests)
		blue, green := drawSample(t, "blue"), drawSample(t, "green")
		short := rapid.Int64Range(0, need-1).Draw(t, "short")
		if rapid.Bool().Draw(t, "green_short") {
			green.Requests, green.Errors = short, min(green.Errors, short)
		} else {
			blue.Requests, blue.Errors = short, min(blue.Errors, short)
		}
		if v := analysis.Judge(a, blue, green); v.Result != api.VerdictInconclusive {
			t.Fatalf("blue %+v, green %+v under a minimum of %d: %s (%s)", blue, green, need, v.Result, v.Reason)
		}
	})
}

// Green's errors rise one at a time over a stretch, then by a jump; no step
// may turn a fail into a pass or raise the p-value.
func TestMoreGreenErrorsNeverTurnFailIntoPass(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := drawAnalysis(t)
		blue, green := drawSample(t, "blue"), drawSample(t, "green")
		prev := analysis.Judge(a, blue, green)
		for i := rapid.IntRange(0, 200).Draw(t, "steps"); i >= 0 && green.Errors < green.Requests; i-- {
			from := green.Errors
			green.Errors++
			if i == 0 {
				green.Errors += rapid.Int64Range(0, green.Requests-green.Errors).Draw(t, "jump")
			}
			v := analysis.Judge(a, blue, green)
			if prev.Result == api.VerdictFail && v.Result != api.VerdictFail {
				t.Fatalf("green %d → %d errors turned a fail (%s) into %s (%s)", from, green.Errors, prev.Reason, v.Result, v.Reason)
			}
			if prev.PValue != nil && *v.PValue > *prev.PValue*(1+1e-9) {
				t.Fatalf("green %d → %d errors raised the p-value from %g to %g", from, green.Errors, *prev.PValue, *v.PValue)
			}
			prev = v
		}
	})
}

func TestBetterGreenNeverFails(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, blue := drawAnalysis(t), drawSample(t, "blue")
		green := blue
		green.Errors = rapid.Int64Range(0, blue.Errors).Draw(t, "green_errors")
		if blue.LatencyMs != nil {
			g := *blue.LatencyMs * rapid.Float64Range(0, 1).Draw(t, "green_latency_share")
			green.LatencyMs = &g
		}
		if v := analysis.Judge(a, blue, green); v.Result == api.VerdictFail {
			t.Fatalf("green %+v no worse than blue %+v failed: %s", green, blue, v.Reason)
		}
	})
}

func TestNumbersAreAlwaysValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := analysis.Judge(drawAnalysis(t), drawSample(t, "blue"), drawSample(t, "green"))
		if p := v.PValue; p != nil && (math.IsNaN(*p) || *p < 0 || *p > 1) {
			t.Fatalf("p-value %v (%s)", *p, v.Reason)
		}
		if r := v.LatencyRatio; r != nil && (math.IsNaN(*r) || math.IsInf(*r, 0) || *r < 0) {
			t.Fatalf("latency ratio %v (%s)", *r, v.Reason)
		}
		if v.Reason == "" || v.Result == "" {
			t.Fatalf("empty verdict %+v", v)
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("verdict does not encode: %v", err)
		}
	})
}

// At the default confidence, 5000 requests a side tell a rate 3 percentage
// points higher from blue's at any level (the worst case, near 50%, gives
// z ≈ 3 and p ≈ 0.0013).
func TestClearlyWorseGreenFails(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		const n = 5000
		a := errorsOnly(0)
		if rapid.Bool().Draw(t, "with_latency") {
			a.Latency = &api.LatencyCheck{}
		}
		blueErrs := rapid.Int64Range(0, n-150).Draw(t, "blue_errors")
		greenErrs := rapid.Int64Range(blueErrs+150, n).Draw(t, "green_errors")
		lat := rapid.Float64Range(1, 500).Draw(t, "latency_ms")
		v := analysis.Judge(a, sample(n, blueErrs, &lat), sample(n, greenErrs, &lat))
		if v.Result != api.VerdictFail {
			t.Fatalf("green %d vs blue %d errors of %d: %s (%s)", greenErrs, blueErrs, n, v.Result, v.Reason)
		}
	})
}
