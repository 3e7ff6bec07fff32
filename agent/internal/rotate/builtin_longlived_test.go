package rotate_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/rotate"
)

// longLivedBackend serves /events (an event stream that lasts until the
// client goes away), /ws (echoUpgrade) and /slow (blockingBackend's
// handler on entered and release).
func longLivedBackend(t *testing.T, entered chan<- struct{}, release <-chan struct{}) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
		fmt.Fprint(w, "data: hello\n\n")
		_ = http.NewResponseController(w).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/ws", echoUpgrade)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, _ *http.Request) {
		entered <- struct{}{}
		<-release
		fmt.Fprint(w, "slow")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// openEvents subscribes to /events through p and returns once the first
// event arrived; closing the returned body ends the stream.
func openEvents(t *testing.T, p *rotate.Builtin) io.Closer {
	t.Helper()
	resp, err := http.Get("http://" + p.Addr() + "/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || line != "data: hello\n" {
		t.Fatalf("first event = %q, %v", line, err)
	}
	return resp.Body
}

// openUpgraded switches a connection to /ws through p to the echo protocol.
func openUpgraded(t *testing.T, p *rotate.Builtin) net.Conn {
	t.Helper()
	conn := openRaw(t, p, "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade response = %v, %v", resp, err)
	}
	return conn
}

// assertCounts checks backend 0's total and long-lived in-flight counts.
func assertCounts(t *testing.T, p *rotate.Builtin, total, long int) {
	t.Helper()
	n, _ := p.InFlight(0)
	l, _ := p.LongLived(0)
	if n != total || l != long {
		t.Fatalf("in flight %d (long-lived %d), want %d (%d)", n, l, total, long)
	}
}

// assertDrainTimeout checks err is an ErrDrainTimeout that says all of want.
func assertDrainTimeout(t *testing.T, err error, want ...string) {
	t.Helper()
	if !errors.Is(err, rotate.ErrDrainTimeout) {
		t.Fatalf("drain err = %v, want ErrDrainTimeout", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("drain err = %q, want it to say %q", err, w)
		}
	}
}

func TestDrainGivesLongLivedTheShorterCap(t *testing.T) {
	const drain, longLived = 2 * time.Second, 50 * time.Millisecond
	p := newProxyCaps(t, map[int]string{0: longLivedBackend(t, nil, nil)}, drain, longLived, nil)
	events := openEvents(t, p)
	ws := openUpgraded(t, p)
	assertCounts(t, p, 2, 2)
	start := time.Now()
	err := p.Drain(context.Background(), 0)
	took := time.Since(start)
	assertDrainTimeout(t, err, "drain backend 0: 0 requests and 2 long-lived connections still in flight",
		"long-lived cap 50ms passed")
	if took < longLived || took >= drain {
		t.Errorf("drain took %s, want between the long-lived cap %s and the drain timeout %s", took, longLived, drain)
	}
	if got := fmt.Sprint(p.Serving()); got != "[]" {
		t.Errorf("serving after drain = %s, want the backend left out", got)
	}
	events.Close()
	ws.Close()
	waitInFlight(t, p, 0, 0) // both released when their clients went away
}

func TestDrainLeavesOrdinaryRequestsTheDrainTimeout(t *testing.T) {
	entered, release := make(chan struct{}, 1), make(chan struct{})
	free := sync.OnceFunc(func() { close(release) })
	logs := make(logMessages, 64)
	p := newProxyCaps(t, map[int]string{0: longLivedBackend(t, entered, release)},
		2*time.Second, 50*time.Millisecond, slog.New(logs))
	t.Cleanup(free) // before the backend closes: it waits for its handlers
	openEvents(t, p)
	openUpgraded(t, p)
	slow := getAsync("http://" + p.Addr() + "/slow")
	<-entered
	assertCounts(t, p, 3, 2)
	drained := make(chan error, 1)
	go func() { drained <- p.Drain(context.Background(), 0) }()
	waitLog(t, logs, "long-lived drain cap passed")
	select {
	case err := <-drained:
		t.Fatalf("drain returned at the long-lived cap with an ordinary request in flight: %v", err)
	default:
	}
	free()
	if b := <-slow; b != "slow" {
		t.Fatalf("ordinary request got %q, want it to finish", b)
	}
	assertDrainTimeout(t, <-drained, "0 requests and 2 long-lived connections still in flight",
		"long-lived cap 50ms passed")
}

func TestDrainOrdinaryOnlyOutlastsLongLivedCap(t *testing.T) {
	entered, release := make(chan struct{}, 1), make(chan struct{})
	free := sync.OnceFunc(func() { close(release) })
	logs := make(logMessages, 64)
	p := newProxyCaps(t, map[int]string{0: longLivedBackend(t, entered, release)},
		2*time.Second, 20*time.Millisecond, slog.New(logs))
	t.Cleanup(free) // before the backend closes: it waits for its handlers
	slow := getAsync("http://" + p.Addr() + "/slow")
	<-entered
	assertCounts(t, p, 1, 0)
	drained := make(chan error, 1)
	go func() { drained <- p.Drain(context.Background(), 0) }()
	waitLog(t, logs, "long-lived drain cap passed")
	free()
	if err := <-drained; err != nil {
		t.Fatalf("drain with only an ordinary request that finished: %v", err)
	}
	if b := <-slow; b != "slow" {
		t.Fatalf("ordinary request got %q", b)
	}
}

func TestDrainLongLivedEndingInTime(t *testing.T) {
	p := newProxyCaps(t, map[int]string{0: longLivedBackend(t, nil, nil)}, 2*time.Second, time.Second, nil)
	events := openEvents(t, p)
	ws := openUpgraded(t, p)
	drained := make(chan error, 1)
	go func() { drained <- p.Drain(context.Background(), 0) }()
	events.Close()
	ws.Close()
	if err := <-drained; err != nil {
		t.Fatalf("drain after the long-lived connections ended: %v", err)
	}
	assertCounts(t, p, 0, 0)
}

func TestNewBuiltinRejectsBadDrainCaps(t *testing.T) {
	backends := map[int]string{0: "127.0.0.1:1"}
	cases := []struct {
		drain, longLived time.Duration
		want             string
	}{
		{0, 0, "drain timeout must be positive, got 0s"},
		{time.Second, 0, "long-lived drain cap must be positive, got 0s"},
		{time.Second, -time.Second, "long-lived drain cap must be positive, got -1s"},
		{time.Second, 2 * time.Second, "long-lived drain cap 2s is longer than the drain timeout 1s"},
	}
	for _, c := range cases {
		p, err := rotate.NewBuiltin("127.0.0.1:0", backends, c.drain, c.longLived, nil)
		if err == nil {
			_ = p.Close()
			t.Errorf("NewBuiltin(drain %s, long-lived %s) accepted", c.drain, c.longLived)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewBuiltin(drain %s, long-lived %s) = %q, want it to say %q", c.drain, c.longLived, err, c.want)
		}
	}
}

// TestRefusedUpgradeReleased: a backend switching to another protocol than
// the one asked for gets 502 from the proxy, and neither its connection nor
// its in-flight count is kept.
func TestRefusedUpgradeReleased(t *testing.T) {
	backendDone := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		defer close(backendDone)
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		fmt.Fprint(brw, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: other\r\n\r\n")
		_ = brw.Flush()
		_, _ = io.Copy(io.Discard, conn) // until the proxy closes it
	}))
	t.Cleanup(srv.Close)
	p := newProxy(t, map[int]string{0: srv.Listener.Addr().String()}, time.Second)
	conn := openRaw(t, p, "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("response to a refused upgrade = %v, %v; want 502", resp, err)
	}
	waitInFlight(t, p, 0, 0)
	select {
	case <-backendDone:
	case <-time.After(5 * time.Second):
		t.Fatal("backend connection of the refused upgrade still open")
	}
}

// getAsync GETs url in the background and sends the body, or what went
// wrong, on the returned channel; it does not touch the test, which may
// have ended when the answer comes.
func getAsync(url string) <-chan string {
	out := make(chan string, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			out <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			out <- "error: " + err.Error()
			return
		}
		out <- string(b)
	}()
	return out
}

// openRaw dials p and writes request as is.
func openRaw(t *testing.T, p *rotate.Builtin, request string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprint(conn, request)
	return conn
}
