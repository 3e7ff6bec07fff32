package analysis_test

import (
	"math"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/analysis"
)

func ms(v float64) *float64 { return &v }

func sample(requests, errors int64, latency *float64) api.MetricSample {
	return api.MetricSample{Requests: requests, Errors: errors, LatencyMs: latency}
}

// both is an analysis with both checks at their defaults: 200 requests,
// confidence 0.99, margin 0, p99 within 1.5×blue + 20ms.
func both() api.Analysis {
	return api.Analysis{ErrorRate: &api.ErrorRateCheck{}, Latency: &api.LatencyCheck{}}
}

func errorsOnly(margin float64) api.Analysis {
	return api.Analysis{ErrorRate: &api.ErrorRateCheck{Margin: margin}}
}

func latencyOnly() api.Analysis {
	return api.Analysis{Latency: &api.LatencyCheck{}}
}

func TestJudge(t *testing.T) {
	for _, c := range []struct {
		name        string
		a           api.Analysis
		blue, green api.MetricSample
		result      string
		reason      string // the whole reason, or a part of it after "…"
	}{
		{"identical samples pass", both(), sample(1000, 2, ms(110)), sample(1000, 2, ms(110)), api.VerdictPass,
			"error rate: green 0.20% vs blue 0.20%, p=0.69; latency p99: green 110ms vs blue 110ms, ratio 1 ≤ 1.5"},
		{"5% against 0.2% fails", errorsOnly(0), sample(1000, 2, nil), sample(1000, 51, nil), api.VerdictFail,
			"error rate: green 5.10% (51/1000) vs blue 0.20% (2/1000), p=8.7e-14 < 0.01"},
		{"the same rates on 20 requests are inconclusive", errorsOnly(0), sample(20, 0, nil), sample(20, 1, nil), api.VerdictInconclusive,
			"inconclusive: green served 20 requests, blue 20; 200 each are needed"},
		{"one side below the minimum is inconclusive", errorsOnly(0), sample(512, 0, nil), sample(37, 30, nil), api.VerdictInconclusive,
			"inconclusive: green served 37 requests, blue 512; 200 each are needed"},
		{"a few more errors by chance pass", errorsOnly(0), sample(210, 1, nil), sample(210, 3, nil), api.VerdictPass,
			"error rate: green 1.43% vs blue 0.48%, p=0.31"},
		{"an increase over the margin fails", errorsOnly(0), sample(2000, 4, nil), sample(2000, 30, nil), api.VerdictFail,
			"…p=2.8e-06 < 0.01"},
		{"the margin lets a small increase pass", errorsOnly(0.02), sample(2000, 4, nil), sample(2000, 30, nil), api.VerdictPass,
			"error rate: green 1.50% vs blue 0.20% + 2.00% margin, p=0.98"},
		{"green over the margin fails", errorsOnly(0.01), sample(5000, 10, nil), sample(5000, 150, nil), api.VerdictFail,
			"error rate: green 3.00% (150/5000) vs blue 0.20% (10/5000) + 1.00% margin, p=2e-16 < 0.01"},
		{"no errors on either side pass", errorsOnly(0), sample(5000, 0, nil), sample(5000, 0, nil), api.VerdictPass,
			"error rate: green 0% vs blue 0%, p=1"},
		{"nothing but errors on both sides passes", errorsOnly(0), sample(5000, 5000, nil), sample(5000, 5000, nil), api.VerdictPass,
			"error rate: green 100% vs blue 100%, p=1"},
		{"latency over the ratio fails", latencyOnly(), sample(1000, 0, ms(100)), sample(1000, 0, ms(200)), api.VerdictFail,
			"latency p99: green 200ms vs blue 100ms, ratio 2, over 170ms (1.5×blue + 20ms slack)"},
		{"latency at the limit passes", latencyOnly(), sample(1000, 0, ms(100)), sample(1000, 0, ms(170)), api.VerdictPass,
			"latency p99: green 170ms vs blue 100ms, ratio 1.7, within 170ms (1.5×blue + 20ms slack)"},
		{"latency under the ratio passes", latencyOnly(), sample(1000, 0, ms(100)), sample(1000, 0, ms(140)), api.VerdictPass,
			"latency p99: green 140ms vs blue 100ms, ratio 1.4 ≤ 1.5"},
		{"slack lets a fast blue's multiple pass", latencyOnly(), sample(1000, 0, ms(10)), sample(1000, 0, ms(35)), api.VerdictPass,
			"latency p99: green 35ms vs blue 10ms, ratio 3.5, within 35ms (1.5×blue + 20ms slack)"},
		{"beyond the slack fails", latencyOnly(), sample(1000, 0, ms(10)), sample(1000, 0, ms(35.5)), api.VerdictFail,
			"latency p99: green 35.5ms vs blue 10ms, ratio 3.55, over 35ms (1.5×blue + 20ms slack)"},
		{"blue at 0ms: green within the slack passes", latencyOnly(), sample(1000, 0, ms(0)), sample(1000, 0, ms(15)), api.VerdictPass,
			"latency p99: green 15ms vs blue 0ms, within the 20ms slack"},
		{"blue at 0ms: green over the slack fails", latencyOnly(), sample(1000, 0, ms(0)), sample(1000, 0, ms(25)), api.VerdictFail,
			"latency p99: green 25ms vs blue 0ms, over the 20ms slack"},
		{"both checks failing are both named", both(), sample(1000, 2, ms(100)), sample(1000, 51, ms(300)), api.VerdictFail,
			"error rate: green 5.10% (51/1000) vs blue 0.20% (2/1000), p=8.7e-14 < 0.01; latency p99: green 300ms vs blue 100ms, ratio 3, over 170ms (1.5×blue + 20ms slack)"},
		{"only the failing check is named", both(), sample(1000, 2, ms(100)), sample(1000, 2, ms(300)), api.VerdictFail,
			"latency p99: green 300ms vs blue 100ms, ratio 3, over 170ms (1.5×blue + 20ms slack)"},
		{"a missing latency datapoint is inconclusive", both(), sample(1000, 2, ms(100)), sample(1000, 51, nil), api.VerdictInconclusive,
			"inconclusive: no latency p99 datapoint for green"},
		{"missing on both sides", latencyOnly(), sample(1000, 0, nil), sample(1000, 0, nil), api.VerdictInconclusive,
			"inconclusive: no latency p99 datapoint for either group"},
		{"a missing datapoint does not matter without the latency check", errorsOnly(0), sample(1000, 2, nil), sample(1000, 2, nil), api.VerdictPass,
			"…p=0.69"},
		{"more errors than requests is inconclusive", errorsOnly(0), sample(1000, 2, nil), sample(1000, 1001, nil), api.VerdictInconclusive,
			"inconclusive: green reports 1001 errors out of 1000 requests"},
		{"a NaN latency is inconclusive", latencyOnly(), sample(1000, 0, ms(math.NaN())), sample(1000, 0, ms(10)), api.VerdictInconclusive,
			"inconclusive: blue reports a latency of NaN ms"},
		{"no check configured is inconclusive", api.Analysis{}, sample(1000, 0, nil), sample(1000, 0, nil), api.VerdictInconclusive,
			"inconclusive: the analysis has neither an error-rate nor a latency check"},
		{"rare errors use the exact test: 6 against 0 in 10^5 is p≈1/64", errorsOnly(0), sample(100000, 0, nil), sample(100000, 6, nil), api.VerdictPass,
			"error rate: green 0.006% vs blue 0%, p=0.016"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := analysis.Judge(c.a, c.blue, c.green)
			if v.Result != c.result {
				t.Errorf("result %q, want %q (reason %q)", v.Result, c.result, v.Reason)
			}
			if part, ok := strings.CutPrefix(c.reason, "…"); ok {
				if !strings.Contains(v.Reason, part) {
					t.Errorf("reason %q does not contain %q", v.Reason, part)
				}
			} else if v.Reason != c.reason {
				t.Errorf("reason\n %q, want\n %q", v.Reason, c.reason)
			}
		})
	}
}
