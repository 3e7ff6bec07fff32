package api

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
)

// validateTestListener checks test_listener_arn and test_rule_arn: at most
// one, each an ELB ARN of its kind, and not the production listener.
func (s *ServiceSpec) validateTestListener(p *problems) {
	if s.TestListenerARN != "" {
		checkELBARN(p, "test_listener_arn", s.TestListenerARN, ":listener/")
		if s.TestListenerARN == s.ListenerARN {
			p.add("test_listener_arn", "is the production listener_arn: a test listener must take no production traffic")
		}
	}
	if s.TestRuleARN != "" {
		checkELBARN(p, "test_rule_arn", s.TestRuleARN, ":listener-rule/")
		if s.TestListenerARN != "" {
			p.add("test_rule_arn", "give test_listener_arn or test_rule_arn, not both")
		}
		if s.TestRuleARN == s.RuleARN {
			p.add("test_rule_arn", "is the production rule_arn: a test rule must take no production traffic")
		}
	}
}

// validateVerify checks the verify hooks. Relative URLs need a test
// listener (or base_url) to resolve against.
func (s *ServiceSpec) validateVerify(p *problems) {
	v := s.Verify
	if v == nil {
		return
	}
	if v.BaseURL != "" {
		checkAbsoluteURL(p, "verify.base_url", v.BaseURL)
	}
	canResolve := v.BaseURL != "" || s.TestListenerARN != "" || s.TestRuleARN != ""
	for _, stage := range []string{StageBeforeTraffic, StageAfterTraffic} {
		hooks := v.Hooks(stage)
		if len(hooks) > MaxHooksPerStage {
			p.add("verify."+stage, "at most %d hooks, got %d", MaxHooksPerStage, len(hooks))
		}
		seen := map[string]int{}
		for i, h := range hooks {
			field := fmt.Sprintf("verify.%s[%d]", stage, i)
			validateHook(p, field, h, canResolve)
			if j, dup := seen[h.Name]; dup && h.Name != "" {
				p.add(field+".name", "%q is also the name of hook %d", h.Name, j)
			}
			seen[h.Name] = i
		}
	}
}

func validateHook(p *problems, field string, h Hook, canResolve bool) {
	if !nameRE.MatchString(h.Name) || len(h.Name) > MaxNameLen {
		p.add(field+".name", "%q must be 1-%d lowercase letters, digits or dashes, starting with a letter", h.Name, MaxNameLen)
	}
	if h.Timeout < 0 || h.Timeout.D() > MaxHookTimeout {
		p.add(field+".timeout", "must be between 0 (the default) and %s, got %s", MaxHookTimeout, h.Timeout.D())
	}
	switch {
	case (h.HTTP == nil) == (h.Webhook == nil):
		p.add(field, "needs exactly one of http and webhook")
	case h.HTTP != nil:
		validateHTTPCheck(p, field+".http", *h.HTTP, canResolve)
	default:
		checkAbsoluteURL(p, field+".webhook.url", h.Webhook.URL)
		validateHeaders(p, field+".webhook.headers", h.Webhook.Headers)
	}
}

func validateHTTPCheck(p *problems, field string, c HTTPCheck, canResolve bool) {
	switch {
	case strings.HasPrefix(c.URL, "/"):
		if !canResolve {
			p.add(field+".url", "%q is relative: set test_listener_arn (or test_rule_arn, or verify.base_url) for it to resolve against", c.URL)
		}
	default:
		checkAbsoluteURL(p, field+".url", c.URL)
	}
	if c.Method != "" && !validMethod(c.Method) {
		p.add(field+".method", "%q is not an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)", c.Method)
	}
	if c.ExpectStatus != 0 && (c.ExpectStatus < 100 || c.ExpectStatus > 599) {
		p.add(field+".expect_status", "must be an HTTP status (100-599), got %d", c.ExpectStatus)
	}
	if c.BodyRegexp != "" {
		if _, err := regexp.Compile(c.BodyRegexp); err != nil {
			p.add(field+".body_regexp", "%v", err)
		}
	}
	if c.Repeats < 0 || c.Repeats > MaxHookRepeats {
		p.add(field+".repeats", "must be between 1 and %d, got %d", MaxHookRepeats, c.Repeats)
	}
	validateHeaders(p, field+".headers", c.Headers)
}

func validMethod(m string) bool {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return true
	}
	return false
}

func validateHeaders(p *problems, field string, h map[string]string) {
	for k, v := range h {
		if k == "" || strings.ContainsAny(k, " :\r\n") || strings.ContainsAny(v, "\r\n") {
			p.add(field, "%q: a header name is one token and a value one line", k)
		}
	}
}

// absoluteURLRE is an http or https URL with a host (this package does no
// I/O, so it checks the shape itself instead of with net/url).
var absoluteURLRE = regexp.MustCompile(`^https?://[A-Za-z0-9.\-\[\]:]+([/?][^\s]*)?$`)

func checkAbsoluteURL(p *problems, field, raw string) {
	if !absoluteURLRE.MatchString(raw) {
		p.add(field, "%q must be an absolute http:// or https:// URL", raw)
	}
}

// validateAnalysis checks the analysis settings (unset fields take their
// defaults).
func validateAnalysis(p *problems, a *Analysis) {
	if a == nil {
		return
	}
	if a.ErrorRate == nil && a.Latency == nil {
		p.add("analysis", "needs error_rate, latency or both")
	}
	if iv := a.Interval.D(); iv != 0 && !validInterval(iv) {
		p.add("analysis.interval", "must be 10s, 20s, 30s or a whole number of minutes up to %s (a CloudWatch period), got %s", MaxAnalysisInterval, iv)
	}
	checkNonNegative(p, "analysis.min_requests", a.MinRequests)
	checkNonNegative(p, "analysis.failure_limit", a.FailureLimit)
	checkNonNegative(p, "analysis.inconclusive_limit", a.InconclusiveLimit)
	if o := a.OnInconclusive; o != "" && o != OnInconclusiveContinue && o != OnInconclusiveRevert {
		p.add("analysis.on_inconclusive", "must be %q or %q, got %q", OnInconclusiveContinue, OnInconclusiveRevert, o)
	}
	if e := a.ErrorRate; e != nil {
		if c := e.Confidence; c != 0 && (c < 0.5 || c > 0.9999 || math.IsNaN(c)) {
			p.add("analysis.error_rate.confidence", "must be between 0.5 and 0.9999, got %v", c)
		}
		if m := e.Margin; m < 0 || m > 0.5 || math.IsNaN(m) {
			p.add("analysis.error_rate.margin", "must be between 0 and 0.5 (a fraction of requests), got %v", m)
		}
	}
	if l := a.Latency; l != nil {
		if pc := l.Percentile; pc != 0 && (pc <= 0 || pc >= 100 || math.IsNaN(pc) || math.Round(pc*100) != pc*100) {
			p.add("analysis.latency.percentile", "must be between 0 and 100 (exclusive) with at most two decimals (CloudWatch's pNN.NN), got %v", pc)
		}
		if r := l.MaxRatio; r != 0 && (r < 1 || math.IsNaN(r) || math.IsInf(r, 0)) {
			p.add("analysis.latency.max_ratio", "must be at least 1, got %v", r)
		}
		if l.Slack < 0 {
			p.add("analysis.latency.slack", "must not be negative, got %s", l.Slack.D())
		}
	}
}

// validInterval reports whether iv is a period CloudWatch serves: 10, 20
// or 30 seconds, or whole minutes, up to MaxAnalysisInterval.
func validInterval(iv time.Duration) bool {
	switch {
	case iv > MaxAnalysisInterval:
		return false
	case iv == 10*time.Second, iv == 20*time.Second, iv == 30*time.Second:
		return true
	}
	return iv >= time.Minute && iv%time.Minute == 0
}

func checkNonNegative(p *problems, field string, n int) {
	if n < 0 {
		p.add(field, "must not be negative, got %d", n)
	}
}
