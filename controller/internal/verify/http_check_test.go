package verify

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

func TestHTTPCheckPassesAndIsTimedByTheClock(t *testing.T) {
	r, clk := newRunner()
	srv, n := counting(t, func(w http.ResponseWriter, _ *http.Request) {
		clk.Advance(300 * time.Millisecond)
		_, _ = fmt.Fprint(w, "release=r2\n")
	})
	h := httpHook(api.HTTPCheck{URL: "/health", BodyRegexp: `release=r2`, Repeats: 5})
	res := r.Run(context.Background(), api.StageBeforeTraffic, h, srv.URL, api.HookPayload{})
	if !res.Passed || res.Output != "5 × GET /health: 200, body matches `release=r2`" {
		t.Fatalf("passed=%v output %q", res.Passed, res.Output)
	}
	if n.Load() != 5 {
		t.Errorf("server got %d requests, want 5", n.Load())
	}
	if res.Stage != api.StageBeforeTraffic || res.Hook != "health" || !res.At.Equal(epoch) || res.Took.D() != 1500*time.Millisecond {
		t.Errorf("result %+v: want the stage, hook name, At at the start and Took 1.5s", res)
	}
}

func TestHTTPCheckExpectStatus(t *testing.T) {
	r, _ := newRunner()
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprint(w, "upstream down")
	})
	res := r.Run(context.Background(), api.StageAfterTraffic, httpHook(api.HTTPCheck{URL: srv.URL + "/health"}), "", api.HookPayload{})
	wantFail(t, res, "GET "+srv.URL+`/health: status 503, want 200: "upstream down"`)

	res = r.Run(context.Background(), api.StageAfterTraffic, httpHook(api.HTTPCheck{URL: srv.URL + "/health", ExpectStatus: 503}), "", api.HookPayload{})
	if !res.Passed || res.Output != "GET "+srv.URL+"/health: 503" {
		t.Fatalf("expect_status 503 against a 503: passed=%v output %q", res.Passed, res.Output)
	}
}

func TestHTTPCheckBodyMismatchQuotesTheBodyStart(t *testing.T) {
	r, _ := newRunner()
	body := "release=r1\n"
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = fmt.Fprint(w, body) })
	h := httpHook(api.HTTPCheck{URL: "/", BodyRegexp: `release=r2`})
	res := r.Run(context.Background(), api.StageBeforeTraffic, h, srv.URL, api.HookPayload{})
	wantFail(t, res, "GET "+srv.URL+"/: body does not match `release=r2`: \"release=r1\\n\"")

	body = strings.Repeat("x", 300)
	res = r.Run(context.Background(), api.StageBeforeTraffic, h, srv.URL, api.HookPayload{})
	wantFail(t, res, "GET "+srv.URL+"/: body does not match `release=r2`: \""+strings.Repeat("x", 200)+"\"…")
}

func TestHTTPCheckStopsAtTheFirstFailingRequest(t *testing.T) {
	r, _ := newRunner()
	var n atomic.Int64
	srv := serve(t, func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1) == 3 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	res := r.Run(context.Background(), api.StageAfterTraffic, httpHook(api.HTTPCheck{URL: "/health", Repeats: 5}), srv.URL, api.HookPayload{})
	wantFail(t, res, "GET "+srv.URL+"/health (request 3 of 5): status 500, want 200")
	if n.Load() != 3 {
		t.Fatalf("server got %d requests, want 3: the check must stop at the first failure", n.Load())
	}
}

func TestHTTPCheckDoesNotFollowRedirects(t *testing.T) {
	r, _ := newRunner()
	var newHits atomic.Int64
	srv := serve(t, func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/new" {
			newHits.Add(1)
			return
		}
		w.Header().Set("Location", "/new")
		w.WriteHeader(http.StatusFound)
	})
	res := r.Run(context.Background(), api.StageBeforeTraffic, httpHook(api.HTTPCheck{URL: "/old"}), srv.URL, api.HookPayload{})
	wantFail(t, res, "GET "+srv.URL+"/old: status 302, want 200")
	res = r.Run(context.Background(), api.StageBeforeTraffic, httpHook(api.HTTPCheck{URL: "/old", ExpectStatus: 302}), srv.URL, api.HookPayload{})
	if !res.Passed {
		t.Fatalf("expect_status 302 against a redirect: %q", res.Output)
	}
	if newHits.Load() != 0 {
		t.Fatalf("the redirect was followed %d times", newHits.Load())
	}
}

func TestHTTPCheckResolvesRelativeURLs(t *testing.T) {
	r, _ := newRunner()
	got := make(chan string, 1)
	srv := serve(t, func(_ http.ResponseWriter, req *http.Request) { got <- req.URL.RequestURI() })
	for _, tc := range []struct{ base, url, want string }{
		{srv.URL, "/health", "/health"},
		{srv.URL + "/", "/health", "/health"},
		{srv.URL + "/app", "/health?deep=1&x=a%20b", "/app/health?deep=1&x=a%20b"},
		{srv.URL + "/app/", "/health?deep=1", "/app/health?deep=1"},
		{srv.URL + "/app?token=t", "/health?deep=1", "/app/health?token=t&deep=1"},
	} {
		res := r.Run(context.Background(), api.StageBeforeTraffic, httpHook(api.HTTPCheck{URL: tc.url}), tc.base, api.HookPayload{})
		if !res.Passed {
			t.Fatalf("base %q url %q: %q", tc.base, tc.url, res.Output)
		}
		if uri := <-got; uri != tc.want {
			t.Errorf("base %q url %q: server got %q, want %q", tc.base, tc.url, uri, tc.want)
		}
	}
}

func TestHTTPCheckSendsMethodAndHeaders(t *testing.T) {
	r, _ := newRunner()
	type seen struct{ method, host, check, agent string }
	got := make(chan seen, 2)
	srv := serve(t, func(_ http.ResponseWriter, req *http.Request) {
		got <- seen{req.Method, req.Host, req.Header.Get("X-Check"), req.Header.Get("User-Agent")}
	})
	c := api.HTTPCheck{URL: "/x", Method: http.MethodDelete, Headers: map[string]string{"X-Check": "yes", "Host": "green.internal"}}
	if res := r.Run(context.Background(), api.StageBeforeTraffic, httpHook(c), srv.URL, api.HookPayload{}); !res.Passed {
		t.Fatal(res.Output)
	}
	if s, want := <-got, (seen{http.MethodDelete, "green.internal", "yes", "asgctl-verify"}); s != want {
		t.Errorf("server saw %+v, want %+v", s, want)
	}
	c = api.HTTPCheck{URL: "/x", Headers: map[string]string{"User-Agent": "probe/1"}}
	if res := r.Run(context.Background(), api.StageBeforeTraffic, httpHook(c), srv.URL, api.HookPayload{}); !res.Passed {
		t.Fatal(res.Output)
	}
	if s := <-got; s.method != http.MethodGet || s.agent != "probe/1" {
		t.Errorf("server saw %+v, want GET with the hook's User-Agent", s)
	}
}

func TestHTTPCheckTimesOut(t *testing.T) {
	r, _ := newRunner()
	srv, _ := silent(t)
	h := httpHook(api.HTTPCheck{URL: "/health"})
	h.Timeout = api.Duration(50 * time.Millisecond)
	res := r.Run(context.Background(), api.StageBeforeTraffic, h, srv.URL, api.HookPayload{})
	wantFail(t, res, "GET "+srv.URL+"/health: no answer within 50ms")
}

func TestHTTPCheckConnectionRefused(t *testing.T) {
	r, _ := newRunner()
	addr := closedPort(t)
	res := r.Run(context.Background(), api.StageBeforeTraffic, httpHook(api.HTTPCheck{URL: "http://" + addr + "/health"}), "", api.HookPayload{})
	wantFail(t, res, "GET http://"+addr+"/health: connection refused")
}

func TestHTTPCheckRelativeURLWithoutBase(t *testing.T) {
	r, _ := newRunner()
	res := r.Run(context.Background(), api.StageBeforeTraffic, httpHook(api.HTTPCheck{URL: "/health"}), "", api.HookPayload{})
	wantFail(t, res, `url "/health" is relative and there is no base URL to resolve it against (set verify.base_url or a test listener)`)
}
