package sampleapp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/internal/freeport"
)

// syncBuffer is a bytes.Buffer safe for the app's goroutine and the test's.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// started runs the app with args on a free port in the background and
// waits until /ping answers; the exit code arrives on the channel.
func started(t *testing.T, ctx context.Context, args ...string) (string, <-chan int, *syncBuffer) {
	t.Helper()
	port, err := freeport.One()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb syncBuffer
	code := make(chan int, 1)
	go func() { code <- Run(ctx, append([]string{"--port", fmt.Sprint(port)}, args...), &out, &errb) }()
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if resp, err := http.Get(url + "/ping"); err == nil {
			resp.Body.Close()
			break
		}
		select {
		case c := <-code:
			t.Fatalf("the app exited %d before answering: %s", c, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no answer on %s after 10 s; stderr %q", url, errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "testapp listening on") {
		t.Errorf("stdout %q: want the listening line", out.String())
	}
	return url, code, &errb
}

// waitCode returns the app's exit code (10 s max).
func waitCode(t *testing.T, code <-chan int) int {
	t.Helper()
	select {
	case c := <-code:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("the app did not exit within 10 s")
		return -1
	}
}

// TestRunStopsGracefullyWhenContextEnds: the end of ctx (what a signal
// does) shuts the app down gracefully and exits 0.
func TestRunStopsGracefullyWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, code, errb := started(t, ctx, "--release", "r1")
	cancel()
	if c := waitCode(t, code); c != 0 || !strings.Contains(errb.String(), "shutting down release=r1") {
		t.Fatalf("exit %d, stderr %q: want a graceful shutdown and 0", c, errb.String())
	}
}

// TestRunExitsAfterPingWhenTold: --exit-after-ping makes the app exit 1,
// saying why, after it passed a health check.
func TestRunExitsAfterPingWhenTold(t *testing.T) {
	_, code, errb := started(t, context.Background(), "--exit-after-ping", "50ms")
	if c := waitCode(t, code); c != 1 || !strings.Contains(errb.String(), "--exit-after-ping") {
		t.Fatalf("exit %d, stderr %q: want 1 naming --exit-after-ping", c, errb.String())
	}
}

func TestRunRefusesBadArguments(t *testing.T) {
	var out, errb bytes.Buffer
	if c := Run(context.Background(), []string{"--port", "x"}, &out, &errb); c != 2 || !strings.Contains(errb.String(), "testapp:") {
		t.Fatalf("exit %d, stderr %q: want 2 with the problem", c, errb.String())
	}
}

// TestRunWithFaultsPassesHealthChecks: a process with both faults on
// starts and answers /ping (started waits for it), while / answers the
// broken body and, with a fraction of 0.5, 500 on every second request.
func TestRunWithFaultsPassesHealthChecks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, code, _ := started(t, ctx, "--release", "r3", "--broken-root", "--error-fraction", "0.5")
	for i, want := range []struct {
		status int
		body   string
	}{{200, "broken release r3\n"}, {500, "release=r3 injected error (--error-fraction 0.5)\n"}, {200, "broken release r3\n"}} {
		resp, err := http.Get(url + "/")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want.status || string(b) != want.body {
			t.Errorf("request %d: %d %q, want %d %q", i+1, resp.StatusCode, b, want.status, want.body)
		}
	}
	cancel()
	if c := waitCode(t, code); c != 0 {
		t.Fatalf("exit %d after a graceful shutdown", c)
	}
}
