package rotate_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proxytest"
	"github.com/asgctl/asgctl/agent/internal/rotate"
)

// TestHAProxyRollingRestartZeroFailures restarts 4 test-app processes one at
// a time behind a real haproxy, driven over its runtime API, under an
// open-loop load of 300 req/s; no request may fail.
func TestHAProxyRollingRestartZeroFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real processes under load")
	}
	f, backends := newFleet(t)
	url, d := proxytest.StartHAProxy(t, backends, 10*time.Second)
	res := rollUnderLoad(t, f, d, url)
	if res.Failed.Load() != 0 {
		t.Fatalf("%d of %d requests failed, first: %v", res.Failed.Load(), res.Sent.Load(), res.Errors())
	}
	if got := fmt.Sprint(d.Serving()); got != "[0 1 2 3]" {
		t.Fatalf("serving after rollout = %s", got)
	}
}

// TestHAProxyRefusesSecondDrain checks that a drain is refused while another
// server is out of rotation, and that unknown indexes are rejected.
func TestHAProxyRefusesSecondDrain(t *testing.T) {
	_, backends := newFleet(t)
	_, d := proxytest.StartHAProxy(t, backends, 10*time.Second)
	ctx := context.Background()
	if err := d.Drain(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(d.Serving()); got != "[0 2 3]" {
		t.Fatalf("serving after drain = %s", got)
	}
	err := d.Drain(ctx, 2)
	if !errors.Is(err, rotate.ErrOtherNotServing) {
		t.Fatalf("second drain: got %v, want ErrOtherNotServing", err)
	}
	t.Logf("refusal: %v", err)
	if err := d.Drain(ctx, 1); err != nil {
		t.Fatalf("re-drain of the drained server: %v", err)
	}
	if err := d.Enable(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := d.Drain(ctx, 2); err != nil {
		t.Fatalf("drain after enable: %v", err)
	}
	if err := d.Drain(ctx, 9); !errors.Is(err, rotate.ErrUnknownBackend) {
		t.Fatalf("drain 9: got %v", err)
	}
}

// blockingBackends starts n servers whose / blocks until release is closed,
// reporting their index on entered first; /ping answers at once.
func blockingBackends(t *testing.T, n int, entered chan<- int, release <-chan struct{}) map[int]string {
	addrs := map[int]string{}
	for i := range n {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/" {
				entered <- i
				<-release
			}
		}))
		t.Cleanup(srv.Close)
		addrs[i] = srv.Listener.Addr().String()
	}
	return addrs
}

// TestHAProxyDrainTimeout holds a request open on server 0 and checks the
// drain gives up with ErrDrainTimeout, leaving the server out of rotation.
func TestHAProxyDrainTimeout(t *testing.T) {
	entered, release := make(chan int, 8), make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(release)
	url, d := proxytest.StartHAProxy(t, blockingBackends(t, 3, entered, release), 300*time.Millisecond)
	for got := -1; got != 0; {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := http.Get(url); err == nil {
				resp.Body.Close()
			}
		}()
		got = <-entered
	}
	err := d.Drain(context.Background(), 0)
	if !errors.Is(err, rotate.ErrDrainTimeout) {
		t.Fatalf("drain with a request in flight: got %v, want ErrDrainTimeout", err)
	}
	t.Logf("drain timeout: %v", err)
	if got := fmt.Sprint(d.Serving()); got != "[1 2]" {
		t.Fatalf("serving after timed-out drain = %s", got)
	}
}
