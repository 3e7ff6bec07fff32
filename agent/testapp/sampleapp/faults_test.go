package sampleapp

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// get serves one GET of path and returns the status and body.
func get(h http.Handler, path string) (int, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// probes are the paths that faults must leave alone.
var probes = []string{"/ping", "/inflight", "/headers", "/env?name=PATH", "/read?path=faults_test.go"}

// TestErrorFractionFailsEveryNthRequestOnly: 0.05 fails exactly requests
// 20, 40, … of /, whatever probes come between, and never a probe.
func TestErrorFractionFailsEveryNthRequestOnly(t *testing.T) {
	h := newHandler(config{release: "r2", errorFraction: 0.05}, func() {})
	var failed []int
	for n := 1; n <= 1000; n++ {
		path := "/"
		if n%3 == 0 {
			path = "/orders/42" // any path that is not a probe is served like /
		}
		code, body := get(h, path)
		switch {
		case code == http.StatusInternalServerError && strings.Contains(body, "injected error"):
			failed = append(failed, n)
		case code != http.StatusOK || body != "release=r2\n":
			t.Fatalf("request %d: %d %q", n, code, body)
		}
		for _, p := range probes {
			if code, body := get(h, p); code != http.StatusOK {
				t.Fatalf("probe %s after request %d: %d %q; probes must not fail", p, n, code, body)
			}
		}
	}
	if len(failed) != 50 {
		t.Fatalf("%d of 1000 requests failed, want 50: %v", len(failed), failed)
	}
	for i, n := range failed {
		if n != 20*(i+1) {
			t.Fatalf("failed requests %v: want every 20th", failed)
		}
	}
}

// TestErrorFractionCountIsExact: ⌊N·f⌋ of the first N requests fail.
func TestErrorFractionCountIsExact(t *testing.T) {
	for _, tc := range []struct {
		f    fraction
		n    int
		want int
	}{{0, 500, 0}, {1, 500, 500}, {0.3, 1000, 300}, {0.333333, 1000, 333}, {0.01, 250, 2}, {0.5, 7, 3}} {
		s := newErrorSpreader(tc.f)
		got := 0
		for range tc.n {
			if s.fail() {
				got++
			}
		}
		if got != tc.want {
			t.Errorf("fraction %v: %d of %d requests failed, want %d", tc.f, got, tc.n, tc.want)
		}
	}
}

// TestBrokenRootChangesOnlyTheRootBody: / stops naming the release the
// way a check expects ("release=r2"), and the health check still passes.
func TestBrokenRootChangesOnlyTheRootBody(t *testing.T) {
	h := newHandler(config{release: "r2", brokenRoot: true}, func() {})
	if code, body := get(h, "/"); code != http.StatusOK || body != "broken release r2\n" || strings.Contains(body, "release=r2") {
		t.Fatalf("/ answered %d %q: want 200 with a body without release=r2", code, body)
	}
	if code, body := get(h, "/ping"); code != http.StatusOK || body != "pong" {
		t.Fatalf("/ping answered %d %q: want 200 pong", code, body)
	}
	if code, body := get(newHandler(config{release: "r2"}, func() {}), "/"); code != http.StatusOK || body != "release=r2\n" {
		t.Fatalf("without the fault / answered %d %q", code, body)
	}
}

func TestParseConfigFaults(t *testing.T) {
	env := map[string]string{"PORT": "9001", "TESTAPP_ERROR_FRACTION": "0.05", "TESTAPP_BROKEN_ROOT": "1"}
	getenv := func(k string) string { return env[k] }
	c, err := parseConfig(nil, getenv, io.Discard)
	if err != nil || c.errorFraction != 0.05 || !c.brokenRoot {
		t.Fatalf("from the environment: %+v, %v", c, err)
	}
	c, err = parseConfig([]string{"--error-fraction", "0.5", "--broken-root=false"}, getenv, io.Discard)
	if err != nil || c.errorFraction != 0.5 || c.brokenRoot {
		t.Fatalf("flags must win: %+v, %v", c, err)
	}
	for _, bad := range []string{"1.5", "-0.1", "NaN", "lots"} {
		if _, err := parseConfig([]string{"--error-fraction", bad}, getenv, io.Discard); err == nil || !strings.Contains(err.Error(), "between 0 and 1") {
			t.Errorf("--error-fraction %s: error %v, want one saying it must be between 0 and 1", bad, err)
		}
		env["TESTAPP_ERROR_FRACTION"] = bad
		if _, err := parseConfig(nil, getenv, io.Discard); err == nil || !strings.Contains(err.Error(), "TESTAPP_ERROR_FRACTION") {
			t.Errorf("TESTAPP_ERROR_FRACTION=%s: error %v, want one naming the variable", bad, err)
		}
	}
}
