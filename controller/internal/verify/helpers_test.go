package verify

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

var epoch = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// newRunner is a Runner on a fake clock standing at epoch.
func newRunner() (Runner, *clocktest.Fake) {
	clk := clocktest.New(epoch)
	return Runner{Clock: clk}, clk
}

// serve starts h on 127.0.0.1 and closes it when the test ends.
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// counting serves h and counts the requests it got.
func counting(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	})
	return srv, &n
}

// silent is a server that never answers: each request blocks until the
// client gives up or the test ends. Each request's arrival is sent on the
// returned channel (dropped when nobody waits).
func silent(t *testing.T) (*httptest.Server, <-chan struct{}) {
	t.Helper()
	arrived, done := make(chan struct{}, 1), make(chan struct{})
	srv := serve(t, func(_ http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		select {
		case <-done:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(done) }) // runs before srv.Close
	return srv, arrived
}

// closedPort is an address on 127.0.0.1 where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func httpHook(c api.HTTPCheck) api.Hook { return api.Hook{Name: "health", HTTP: &c} }

// wantFail asserts res failed, not by interruption, with output want.
func wantFail(t *testing.T, res api.HookResult, want string) {
	t.Helper()
	if res.Passed || Interrupted(res) || res.Output != want {
		t.Fatalf("result passed=%v interrupted=%v output\n%q\nwant a failure with output\n%q", res.Passed, Interrupted(res), res.Output, want)
	}
}
