package analysis_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/analysis"
)

func TestJudgeRecordsNumbers(t *testing.T) {
	v := analysis.Judge(both(), sample(210, 1, ms(100)), sample(210, 3, ms(120)))
	if v.PValue == nil || math.Abs(*v.PValue-0.3116017925516389) > 1e-9 {
		t.Errorf("p-value %v, want Fisher's 0.3116018", v.PValue)
	}
	if v.LatencyRatio == nil || *v.LatencyRatio != 1.2 {
		t.Errorf("latency ratio %v, want 1.2", v.LatencyRatio)
	}
	if v.Blue.Requests != 210 || v.Green.Errors != 3 || *v.Green.LatencyMs != 120 {
		t.Errorf("samples not recorded: blue %+v, green %+v", v.Blue, v.Green)
	}
	if v.Step != 0 || !v.From.IsZero() || !v.To.IsZero() {
		t.Errorf("step and window are the caller's, got %d %v %v", v.Step, v.From, v.To)
	}

	v = analysis.Judge(errorsOnly(0), sample(1000, 0, ms(100)), sample(1000, 0, ms(900)))
	if v.LatencyRatio != nil {
		t.Errorf("latency ratio %v without a latency check, want nil", *v.LatencyRatio)
	}
	v = analysis.Judge(latencyOnly(), sample(1000, 0, ms(0)), sample(1000, 0, ms(5)))
	if v.PValue != nil || v.LatencyRatio != nil {
		t.Errorf("p-value %v and ratio %v, want both nil (no error check; blue at 0ms)", v.PValue, v.LatencyRatio)
	}
	v = analysis.Judge(latencyOnly(), sample(1000, 0, ms(1e-309)), sample(1000, 0, ms(1)))
	if v.Result != api.VerdictPass || v.LatencyRatio != nil {
		t.Errorf("blue at 1e-309ms: %s (%s), ratio %v, want pass and no (infinite) ratio", v.Result, v.Reason, v.LatencyRatio)
	}
	v = analysis.Judge(both(), sample(20, 0, ms(1)), sample(20, 20, ms(900)))
	if v.PValue != nil || v.LatencyRatio != nil {
		t.Errorf("inconclusive verdict carries p-value %v and ratio %v, want nil", v.PValue, v.LatencyRatio)
	}
}

// The verdict keeps its own copy of the latencies.
func TestJudgeDoesNotShareLatency(t *testing.T) {
	blue, green := sample(1000, 0, ms(100)), sample(1000, 0, ms(110))
	v := analysis.Judge(latencyOnly(), blue, green)
	*blue.LatencyMs, *green.LatencyMs = 1, 2
	if *v.Blue.LatencyMs != 100 || *v.Green.LatencyMs != 110 {
		t.Fatalf("verdict latencies changed with the caller's samples: %v, %v", *v.Blue.LatencyMs, *v.Green.LatencyMs)
	}
}

// Unset settings take their defaults: confidence 0.99, so p = 0.0165 (green
// 10% of 100 against blue 2%) passes, and fails at 0.95.
func TestJudgeAppliesDefaults(t *testing.T) {
	a := api.Analysis{MinRequests: 100, ErrorRate: &api.ErrorRateCheck{}}
	blue, green := sample(100, 2, nil), sample(100, 10, nil)
	if v := analysis.Judge(a, blue, green); v.Result != api.VerdictPass {
		t.Errorf("at the default confidence: %s (%s), want pass", v.Result, v.Reason)
	}
	a.ErrorRate.Confidence = 0.95
	if v := analysis.Judge(a, blue, green); v.Result != api.VerdictFail || v.Reason != "error rate: green 10.00% (10/100) vs blue 2.00% (2/100), p=0.017 < 0.05" {
		t.Errorf("at 0.95: %s (%s), want fail", v.Result, v.Reason)
	}
	a.MinRequests = 0
	if v := analysis.Judge(a, blue, green); v.Result != api.VerdictInconclusive {
		t.Errorf("at the default minimum of 200 requests: %s (%s), want inconclusive", v.Result, v.Reason)
	}
}

// Ten million requests a side, on each path of the error-rate test: the
// z-test, the exact test with rare errors and the margin test, with p-values
// far in the tail and close to 1.
func TestJudgeLargeCounts(t *testing.T) {
	const n = 10_000_000
	for _, c := range []struct {
		name        string
		a           api.Analysis
		blue, green api.MetricSample
		result      string
	}{
		{"z-test, equal", both(), sample(n, 100_000, ms(80)), sample(n, 100_000, ms(80)), api.VerdictPass},
		{"z-test, 1.005% against 1%", both(), sample(n, 100_000, ms(80)), sample(n, 100_500, ms(80)), api.VerdictPass},
		{"z-test, 2% against 1%", both(), sample(n, 100_000, ms(80)), sample(n, 200_000, ms(80)), api.VerdictFail},
		{"exact, 7 against 0", errorsOnly(0), sample(n, 0, nil), sample(n, 7, nil), api.VerdictFail},
		{"exact, 3 against 0", errorsOnly(0), sample(n, 0, nil), sample(n, 3, nil), api.VerdictPass},
		{"exact, all but 2 against all", errorsOnly(0), sample(n, n, nil), sample(n, n-2, nil), api.VerdictPass},
		{"margin, within", errorsOnly(0.001), sample(n, 100_000, nil), sample(n, 105_000, nil), api.VerdictPass},
		{"margin, over", errorsOnly(0.001), sample(n, 100_000, nil), sample(n, 120_000, nil), api.VerdictFail},
		{"unequal groups", errorsOnly(0), sample(n, 5_000_000, nil), sample(1000, 600, nil), api.VerdictFail},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := analysis.Judge(c.a, c.blue, c.green)
			if v.Result != c.result {
				t.Errorf("result %q (%s), want %q", v.Result, v.Reason, c.result)
			}
			if v.PValue == nil || math.IsNaN(*v.PValue) || *v.PValue < 0 || *v.PValue > 1 {
				t.Fatalf("p-value %v, want a number in [0, 1]", v.PValue)
			}
			if _, err := json.Marshal(v); err != nil {
				t.Fatalf("verdict does not encode: %v", err)
			}
		})
	}
}
