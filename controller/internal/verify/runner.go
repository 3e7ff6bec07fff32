package verify

import (
	"context"
	"net/http"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
)

// Runner runs verify hooks over HTTP. The zero value is ready to use; it
// is safe for concurrent use when its Client is.
type Runner struct {
	Client *http.Client // nil: a client with no overall timeout (each request gets the hook's)
	Clock  clock.Clock  // times the hook (Took, At); nil: the wall clock
}

// interruptedPrefix starts the Output of a result that Interrupted reports.
const interruptedPrefix = "interrupted: "

// Run runs hook h of stage for the rollout in p: relative URLs resolve against base
// ("" when the hook's URLs are all absolute). It never returns an error: every
// outcome, including a network failure or a timeout, is a HookResult.
//
// A relative URL ("/health?deep=1") is appended to base's path, with or
// without a trailing slash on base: base "http://lb:8080/app" gives
// "http://lb:8080/app/health?deep=1". Its query is kept (after base's own,
// if base has one).
//
// The result's At is when the hook started and Took how long it ran, both
// by r.Clock. When ctx ends before the hook has its answers, the result
// fails and Interrupted(result) is true: the caller should run the hook
// again rather than record it.
func (r Runner) Run(ctx context.Context, stage string, h api.Hook, base string, p api.HookPayload) api.HookResult {
	clk := r.Clock
	if clk == nil {
		clk = clock.Real{}
	}
	start := clk.Now()
	passed, out := r.run(ctx, stage, h, base, p)
	return api.HookResult{
		Stage:  stage,
		Hook:   h.Name,
		Passed: passed,
		Output: capOutput(out),
		At:     start,
		Took:   api.Duration(clk.Now().Sub(start)),
	}
}

// Interrupted reports whether res is the result of a Run whose context
// ended (the controller stopping) before the hook had its answers. Such a
// result says nothing about green: do not record it as the hook's verdict.
func Interrupted(res api.HookResult) bool {
	return !res.Passed && strings.HasPrefix(res.Output, interruptedPrefix)
}

// run runs the hook and returns whether it passed and what happened.
func (r Runner) run(ctx context.Context, stage string, h api.Hook, base string, p api.HookPayload) (bool, string) {
	if ctx.Err() != nil {
		return false, interruptedPrefix + "the run was canceled before the hook started"
	}
	switch {
	case h.HTTP != nil:
		return r.httpCheck(ctx, h.TimeoutOr(), *h.HTTP, base)
	case h.Webhook != nil:
		return r.webhook(ctx, stage, h, base, p)
	}
	return false, "the hook has neither http nor webhook: nothing to run"
}

// client is r.Client (or a default one) that does not follow redirects.
func (r Runner) client() *http.Client {
	c := http.Client{}
	if r.Client != nil {
		c = *r.Client
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}
