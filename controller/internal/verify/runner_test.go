package verify

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// TestCanceledRunIsInterrupted: a run whose context ends while a request
// waits for its answer fails as interrupted, for both kinds of hook.
func TestCanceledRunIsInterrupted(t *testing.T) {
	for name, hook := range map[string]func(url string) api.Hook{
		"http":    func(url string) api.Hook { return httpHook(api.HTTPCheck{URL: url, Repeats: 2}) },
		"webhook": webhookHook,
	} {
		t.Run(name, func(t *testing.T) {
			r, _ := newRunner()
			srv, arrived := silent(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan api.HookResult, 1)
			go func() { done <- r.Run(ctx, api.StageBeforeTraffic, hook(srv.URL), "", payload) }()
			select {
			case <-arrived:
			case <-time.After(10 * time.Second):
				t.Fatal("the request never reached the server")
			}
			cancel()
			var res api.HookResult
			select {
			case res = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return within 10s of its context ending")
			}
			if res.Passed || !Interrupted(res) || !strings.Contains(res.Output, srv.URL) {
				t.Fatalf("passed=%v interrupted=%v output %q: want an interrupted failure naming the request", res.Passed, Interrupted(res), res.Output)
			}
		})
	}
}

func TestRunWithEndedContextSendsNothing(t *testing.T) {
	r, _ := newRunner()
	srv, n := counting(t, func(http.ResponseWriter, *http.Request) {})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := r.Run(ctx, api.StageAfterTraffic, httpHook(api.HTTPCheck{URL: "/health"}), srv.URL, payload)
	if res.Passed || !Interrupted(res) || n.Load() != 0 {
		t.Fatalf("passed=%v interrupted=%v output %q, %d requests: want an interrupted failure and no request", res.Passed, Interrupted(res), res.Output, n.Load())
	}
}

// TestInterruptedIsOnlyForInterruptedRuns: failures of other kinds, and a
// passing result, are verdicts.
func TestInterruptedIsOnlyForInterruptedRuns(t *testing.T) {
	for _, res := range []api.HookResult{
		{Passed: false, Output: "GET http://x/health: status 503, want 200"},
		{Passed: false, Output: "GET http://x/health: no answer within 10s"},
		{Passed: true, Output: interruptedPrefix + "cannot happen"},
	} {
		if Interrupted(res) {
			t.Errorf("Interrupted(%+v) = true", res)
		}
	}
	if !Interrupted(api.HookResult{Output: interruptedPrefix + "the run was canceled during GET http://x/"}) {
		t.Error("Interrupted of an interrupted result = false")
	}
}

func TestHookWithoutKindFails(t *testing.T) {
	r, _ := newRunner()
	res := r.Run(context.Background(), api.StageBeforeTraffic, api.Hook{Name: "empty"}, "", payload)
	wantFail(t, res, "the hook has neither http nor webhook: nothing to run")
}

// TestRunnerUsesTheGivenClientWithoutFollowingRedirects: a caller's client
// serves the requests, and Run does not change it.
func TestRunnerUsesTheGivenClientWithoutFollowingRedirects(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, req *http.Request) { http.Redirect(w, req, "/next", http.StatusFound) })
	var used atomic.Int64
	client := &http.Client{Transport: roundTripper(func(req *http.Request) (*http.Response, error) {
		used.Add(1)
		return http.DefaultTransport.RoundTrip(req)
	})}
	r, _ := newRunner()
	r.Client = client
	res := r.Run(context.Background(), api.StageBeforeTraffic, httpHook(api.HTTPCheck{URL: "/", ExpectStatus: 302}), srv.URL, payload)
	if !res.Passed || used.Load() != 1 || client.CheckRedirect != nil {
		t.Fatalf("passed=%v (%q), client used %d times, CheckRedirect set %v", res.Passed, res.Output, used.Load(), client.CheckRedirect != nil)
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }
