package api

import (
	"testing"
	"time"
)

const testTestListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/0000000000000001"

func withVerify(v *Verify) func(*ServiceSpec) {
	return func(s *ServiceSpec) { s.TestListenerARN = testTestListener; s.Verify = v }
}

func httpHook(name, url string) Hook { return Hook{Name: name, HTTP: &HTTPCheck{URL: url}} }

func TestSpecVerifyRules(t *testing.T) {
	runSpecCases(t, []specCase{
		{"relative hook with a test listener", withVerify(&Verify{BeforeTraffic: []Hook{httpHook("smoke", "/health")}}), "", ""},
		{"webhook", withVerify(&Verify{AfterTraffic: []Hook{{Name: "qa", Webhook: &Webhook{URL: "https://ci.example.com/hook"}}}}), "", ""},
		{"test listener is production", func(s *ServiceSpec) { s.TestListenerARN = s.ListenerARN }, "test_listener_arn", "production"},
		{"test listener not a listener", func(s *ServiceSpec) { s.TestListenerARN = testTG }, "test_listener_arn", ":listener/"},
		{"listener and rule", func(s *ServiceSpec) {
			s.TestListenerARN = testTestListener
			s.TestRuleARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/0000000000000001/9683b2d02a6cabee"
		}, "test_rule_arn", "not both"},
		{"relative hook without a listener", func(s *ServiceSpec) {
			s.Verify = &Verify{BeforeTraffic: []Hook{httpHook("smoke", "/health")}}
		}, "verify.before_traffic[0].http.url", "set test_listener_arn"},
		{"relative hook with a base url", func(s *ServiceSpec) {
			s.Verify = &Verify{BaseURL: "http://web-test.internal:8080", BeforeTraffic: []Hook{httpHook("smoke", "/health")}}
		}, "", ""},
		{"bad base url", withVerify(&Verify{BaseURL: "web-test.internal"}), "verify.base_url", "absolute"},
		{"hook with both kinds", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "x", HTTP: &HTTPCheck{URL: "/"}, Webhook: &Webhook{URL: "https://a.example/"}}}}),
			"verify.before_traffic[0]", "exactly one of http and webhook"},
		{"hook with neither", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "x"}}}), "verify.before_traffic[0]", "exactly one"},
		{"bad name", withVerify(&Verify{BeforeTraffic: []Hook{httpHook("Smoke Test", "/")}}), "verify.before_traffic[0].name", "lowercase"},
		{"duplicate name", withVerify(&Verify{AfterTraffic: []Hook{httpHook("a", "/"), httpHook("a", "/x")}}), "verify.after_traffic[1].name", "also the name of hook 0"},
		{"bad method", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "a", HTTP: &HTTPCheck{URL: "/", Method: "FETCH"}}}}), "verify.before_traffic[0].http.method", "not an HTTP method"},
		{"bad status", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "a", HTTP: &HTTPCheck{URL: "/", ExpectStatus: 42}}}}), "verify.before_traffic[0].http.expect_status", "100-599"},
		{"bad regexp", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "a", HTTP: &HTTPCheck{URL: "/", BodyRegexp: "(release"}}}}), "verify.before_traffic[0].http.body_regexp", "missing closing )"},
		{"too many repeats", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "a", HTTP: &HTTPCheck{URL: "/", Repeats: 101}}}}), "verify.before_traffic[0].http.repeats", "between 1 and 100"},
		{"timeout too long", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "a", HTTP: &HTTPCheck{URL: "/"}, Timeout: Duration(time.Hour)}}}), "verify.before_traffic[0].timeout", "5m0s"},
		{"relative webhook", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "a", Webhook: &Webhook{URL: "/hook"}}}}), "verify.before_traffic[0].webhook.url", "absolute"},
		{"header with a newline", withVerify(&Verify{BeforeTraffic: []Hook{{Name: "a", HTTP: &HTTPCheck{URL: "/", Headers: map[string]string{"X-A": "1\r\nX-B: 2"}}}}}), "verify.before_traffic[0].http.headers", "one line"},
	})
}

func withAnalysis(a *Analysis) func(*ServiceSpec) { return func(s *ServiceSpec) { s.Analysis = a } }

func TestSpecAnalysisRules(t *testing.T) {
	er := &ErrorRateCheck{}
	runSpecCases(t, []specCase{
		{"error rate only", withAnalysis(&Analysis{ErrorRate: er}), "", ""},
		{"latency only", withAnalysis(&Analysis{Latency: &LatencyCheck{Percentile: 95, MaxRatio: 1.2}}), "", ""},
		{"neither check", withAnalysis(&Analysis{}), "analysis", "needs error_rate, latency or both"},
		{"interval too short", withAnalysis(&Analysis{ErrorRate: er, Interval: Duration(5 * time.Second)}), "analysis.interval", "10s, 20s, 30s or a whole number of minutes"},
		{"interval not a period", withAnalysis(&Analysis{ErrorRate: er, Interval: Duration(90 * time.Second)}), "analysis.interval", "a CloudWatch period"},
		{"interval 20s", withAnalysis(&Analysis{ErrorRate: er, Interval: Duration(20 * time.Second)}), "", ""},
		{"interval 5m", withAnalysis(&Analysis{ErrorRate: er, Interval: Duration(5 * time.Minute)}), "", ""},
		{"percentile with three decimals", withAnalysis(&Analysis{Latency: &LatencyCheck{Percentile: 99.999}}), "analysis.latency.percentile", "two decimals"},
		{"on_inconclusive", withAnalysis(&Analysis{ErrorRate: er, OnInconclusive: "wait"}), "analysis.on_inconclusive", `"continue" or "revert"`},
		{"confidence", withAnalysis(&Analysis{ErrorRate: &ErrorRateCheck{Confidence: 1}}), "analysis.error_rate.confidence", "0.9999"},
		{"margin", withAnalysis(&Analysis{ErrorRate: &ErrorRateCheck{Margin: -0.1}}), "analysis.error_rate.margin", "between 0 and 0.5"},
		{"percentile", withAnalysis(&Analysis{Latency: &LatencyCheck{Percentile: 100}}), "analysis.latency.percentile", "between 0 and 100"},
		{"ratio", withAnalysis(&Analysis{Latency: &LatencyCheck{MaxRatio: 0.5}}), "analysis.latency.max_ratio", "at least 1"},
		{"negative limit", withAnalysis(&Analysis{ErrorRate: er, FailureLimit: -1}), "analysis.failure_limit", "negative"},
	})
}

func TestAnalysisDefaults(t *testing.T) {
	s := exampleSpec(t)
	s.Analysis = &Analysis{ErrorRate: &ErrorRateCheck{}, Latency: &LatencyCheck{}}
	a := s.WithDefaults().Analysis
	if a.Interval.D() != time.Minute || a.MinRequests != 200 || a.FailureLimit != 2 || a.InconclusiveLimit != 3 ||
		a.OnInconclusive != OnInconclusiveContinue || a.ErrorRate.Confidence != 0.99 ||
		a.Latency.Percentile != 99 || a.Latency.MaxRatio != 1.5 || a.Latency.Slack.D() != 20*time.Millisecond {
		t.Errorf("defaults = %+v %+v %+v", a, a.ErrorRate, a.Latency)
	}
	if s.Analysis.ErrorRate.Confidence != 0 || s.Analysis.Interval != 0 {
		t.Error("WithDefaults changed the spec it was called on")
	}
}
