package api

import (
	"fmt"
	"time"
)

// Verify is what the controller checks on green beyond its target group's
// health check: hooks run once green is healthy and before it gets any
// production traffic (BeforeTraffic, against the spec's test listener),
// and once all traffic is on it, before it is promoted (AfterTraffic). A
// failing hook reverts the rollout with the hook's output as the reason.
type Verify struct {
	// BaseURL is what relative hook URLs ("/health/deep") are resolved
	// against; empty means the test listener's load balancer
	// ("<scheme>://<dns name>:<port>", scheme from the listener's protocol).
	BaseURL       string `json:"base_url,omitempty"`
	BeforeTraffic []Hook `json:"before_traffic,omitempty"`
	AfterTraffic  []Hook `json:"after_traffic,omitempty"`
}

// Hook is one check: an HTTP request whose answer must match, or a webhook
// that must answer 2xx. Exactly one of HTTP and Webhook is set.
type Hook struct {
	Name    string     `json:"name"`
	HTTP    *HTTPCheck `json:"http,omitempty"`
	Webhook *Webhook   `json:"webhook,omitempty"`
	// Timeout bounds each request of the hook; default 10s (HTTP) or 30s
	// (webhook), at most MaxHookTimeout.
	Timeout Duration `json:"timeout,omitempty"`
}

// HTTPCheck sends Repeats requests, one after another; every answer must
// have ExpectStatus and, when set, a body matching BodyRegexp.
type HTTPCheck struct {
	// URL is absolute (http or https) or a path relative to the test
	// listener (or Verify.BaseURL).
	URL          string            `json:"url"`
	Method       string            `json:"method,omitempty"`        // default GET
	Headers      map[string]string `json:"headers,omitempty"`       // sent with every request
	ExpectStatus int               `json:"expect_status,omitempty"` // default 200
	BodyRegexp   string            `json:"body_regexp,omitempty"`   // RE2, matched anywhere in the body
	Repeats      int               `json:"repeats,omitempty"`       // default 1, at most MaxHookRepeats
}

// Webhook POSTs the rollout (the HookPayload JSON) to URL; a 2xx answer
// passes, anything else or no answer within the timeout fails with the
// answer's body quoted.
type Webhook struct {
	URL     string            `json:"url"` // absolute http or https
	Headers map[string]string `json:"headers,omitempty"`
}

// Hook stages.
const (
	StageBeforeTraffic = "before_traffic"
	StageAfterTraffic  = "after_traffic"
)

// Hook limits and defaults.
const (
	MaxHooksPerStage      = 10
	MaxHookRepeats        = 100
	MaxHookTimeout        = 5 * time.Minute
	DefaultHTTPTimeout    = 10 * time.Second
	DefaultWebhookTimeout = 30 * time.Second
	// MaxHookOutput bounds the output a hook result keeps.
	MaxHookOutput = 1024
)

// HookPayload is the JSON body of a webhook, and the Idempotency-Key header
// is "<rollout>/<stage>/<hook>": a hook runs at least once per rollout and
// stage (again only when a controller died before recording its result),
// so a webhook that must not act twice can tell.
type HookPayload struct {
	Service     string `json:"service"`
	Rollout     string `json:"rollout"`
	Stage       string `json:"stage"`
	Hook        string `json:"hook"`
	AMI         string `json:"ami"`
	FromGroup   string `json:"from_group,omitempty"`
	ToGroup     string `json:"to_group"`
	TargetGroup string `json:"target_group"`
	Step        int    `json:"step"`
}

// HookResult is the outcome of one hook of one rollout.
type HookResult struct {
	Stage  string `json:"stage"`
	Hook   string `json:"hook"`
	Passed bool   `json:"passed"`
	// Output says what passed or failed: the request and the answer that
	// did not match, or the webhook's answer (at most MaxHookOutput bytes).
	Output string    `json:"output,omitempty"`
	At     time.Time `json:"at"`
	Took   Duration  `json:"took"`
}

// HookResults is the record of the hooks one rollout ran, stored at
// KeyChecks(svc) by the controller that ran them; a new rollout replaces
// it.
type HookResults struct {
	Version int          `json:"version"`
	Rollout string       `json:"rollout"`
	Results []HookResult `json:"results"`
}

// HookResultsVersion is the only HookResults wire version this build
// understands.
const HookResultsVersion = 1

// Hooks returns the hooks of stage.
func (v *Verify) Hooks(stage string) []Hook {
	if v == nil {
		return nil
	}
	if stage == StageAfterTraffic {
		return v.AfterTraffic
	}
	return v.BeforeTraffic
}

// TimeoutOr is the hook's per-request timeout, defaulted by kind.
func (h Hook) TimeoutOr() time.Duration {
	switch {
	case h.Timeout > 0:
		return h.Timeout.D()
	case h.Webhook != nil:
		return DefaultWebhookTimeout
	}
	return DefaultHTTPTimeout
}

// Validate reports every problem with the hook results at once.
func (h *HookResults) Validate() error {
	var p problems
	if h.Version != HookResultsVersion {
		p.add("version", "must be %d, got %d", HookResultsVersion, h.Version)
	}
	if h.Rollout == "" {
		p.add("rollout", "required")
	}
	for i, r := range h.Results {
		if r.Stage != StageBeforeTraffic && r.Stage != StageAfterTraffic {
			p.add(fmt.Sprintf("results[%d].stage", i), "must be %q or %q, got %q", StageBeforeTraffic, StageAfterTraffic, r.Stage)
		}
		if r.Hook == "" {
			p.add(fmt.Sprintf("results[%d].hook", i), "required")
		}
	}
	return p.err("hook results")
}

// DecodeHookResults strictly decodes and validates hook results.
func DecodeHookResults(data []byte) (*HookResults, error) {
	var h HookResults
	if err := decodeValid("hook results", data, &h); err != nil {
		return nil, err
	}
	return &h, nil
}
