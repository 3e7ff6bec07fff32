package daemon

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

// scripted is a health endpoint answering its statuses in order, then the
// last one forever; it counts the requests it saw.
type scripted struct {
	mu       sync.Mutex
	statuses []int
	seen     int
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.URL.Path != "/ping" {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	code := s.statuses[min(s.seen, len(s.statuses)-1)]
	s.seen++
	w.WriteHeader(code)
}

func (s *scripted) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen
}

// healthRig is a health check on a fake clock against a scripted server on
// 127.0.0.1.
type healthRig struct {
	clk  *clocktest.Fake
	srv  *scripted
	port int
	h    healthCheck
}

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	testInterval = 500 * time.Millisecond
	testTimeout  = 1750 * time.Millisecond // not a multiple of the interval
)

func newHealthRig(t *testing.T, statuses ...int) *healthRig {
	t.Helper()
	srv := &scripted{statuses: statuses}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	_, p, err := net.SplitHostPort(strings.TrimPrefix(hs.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	clk := clocktest.New(t0)
	return &healthRig{clk: clk, srv: srv, port: port, h: healthCheck{
		client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}, clk: clk,
		path: "/ping", interval: testInterval, successes: 3, timeout: testTimeout,
	}}
}

// run starts wait in a goroutine and drives the fake clock from the test
// goroutine: whenever wait parks on its next tick (the deadline and the tick
// are both pending), the clock moves to the earliest pending deadline.
// onPark runs before each move and may stop the driving by returning
// false. run returns how many times the clock moved and wait's result.
func (r *healthRig) run(t *testing.T, ctx context.Context, alive func() bool, onPark func(parks int) bool) (int, error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- r.h.wait(ctx, r.port, alive) }()
	moves, driving := 0, true
	failsafe := time.Now().Add(30 * time.Second) // against a hang only; never consulted for the test's timing
	for {
		select {
		case err := <-done:
			if n := r.clk.Pending(); n != 0 {
				t.Errorf("wait returned with %d timers still pending", n)
			}
			return moves, err
		default:
		}
		if time.Now().After(failsafe) {
			t.Fatalf("wait did not return (pending timers %d, moves %d)", r.clk.Pending(), moves)
		}
		if driving && r.clk.Pending() == 2 {
			if onPark != nil && !onPark(moves) {
				driving = false
				continue
			}
			next, _ := r.clk.NextDeadline()
			r.clk.Set(next)
			moves++
			continue
		}
		runtime.Gosched()
	}
}

func alwaysAlive() bool { return true }

func TestHealthPassesAfterSuccessesInARow(t *testing.T) {
	const ok, bad = http.StatusOK, http.StatusInternalServerError
	// Until a check passes the next comes detectEvery (20 ms) later; after
	// a passing one, an interval (500 ms) later.
	ms := time.Millisecond
	cases := []struct {
		name     string
		statuses []int
		probes   int           // requests until it passes
		at       time.Duration // when it passes
	}{
		{"three at once", []int{ok}, 3, 1000 * ms},
		{"any 2xx counts", []int{http.StatusNoContent, 299, ok}, 3, 1000 * ms},
		{"failure first", []int{bad, ok}, 4, 1020 * ms},
		{"a failure in between resets the count", []int{ok, ok, bad, ok, ok, ok}, 6, 2020 * ms},
		{"a 3xx is a failure", []int{ok, ok, http.StatusNotModified, ok, ok, ok}, 6, 2020 * ms},
		{"a 404 resets too", []int{ok, http.StatusNotFound, ok, ok, bad, ok, ok, ok}, 8, 2540 * ms},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newHealthRig(t, c.statuses...)
			r.h.timeout = time.Hour
			moves, err := r.run(t, context.Background(), alwaysAlive, nil)
			if err != nil {
				t.Fatalf("wait = %v, want success", err)
			}
			if got := r.srv.requests(); got != c.probes {
				t.Fatalf("passed after %d requests, want %d", got, c.probes)
			}
			if moves != c.probes-1 {
				t.Fatalf("clock moved %d intervals, want %d", moves, c.probes-1)
			}
			if r.clk.Now().Sub(t0) != c.at {
				t.Fatalf("passed at +%v, want +%v", r.clk.Now().Sub(t0), c.at)
			}
		})
	}
}

func TestHealthTimesOut(t *testing.T) {
	const ok, bad = http.StatusOK, http.StatusServiceUnavailable
	cases := []struct {
		name     string
		statuses []int
		last     string
		checks   int
	}{
		// Checks every 20 ms from 0 to 1.74 s.
		{"never healthy", []int{bad}, "status 503", 88},
		// Checks at 0, 0.5, 1.0, 1.02, 1.52 s: two in a row at most before
		// the 1.75 s deadline.
		{"never three in a row", []int{ok, ok, bad, ok, ok}, "", 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newHealthRig(t, c.statuses...)
			_, err := r.run(t, context.Background(), alwaysAlive, nil)
			if err == nil || !strings.Contains(err.Error(), "not 3 passing checks") {
				t.Fatalf("wait = %v, want a timeout naming 3 passing checks", err)
			}
			if !strings.Contains(err.Error(), testTimeout.String()) {
				t.Fatalf("wait = %v, want it to name the timeout %s", err, testTimeout)
			}
			if c.last != "" && !strings.Contains(err.Error(), "last: "+c.last) {
				t.Fatalf("wait = %v, want the last failure %q", err, c.last)
			}
			if errors.Is(err, errExited) {
				t.Fatalf("wait = %v: a timeout is not an exit", err)
			}
			if got := r.srv.requests(); got != c.checks {
				t.Fatalf("%d checks before the deadline, want %d", got, c.checks)
			}
			if got, want := r.clk.Now().Sub(t0), testTimeout; got != want {
				t.Fatalf("gave up at +%v, want +%v", got, want)
			}
		})
	}
}

func TestHealthProcessExited(t *testing.T) {
	cases := []struct {
		name   string
		checks int // alive reports true this many times first
	}{
		{"dead before the first check", 0},
		{"dies after two checks", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newHealthRig(t, http.StatusServiceUnavailable)
			r.h.timeout = time.Hour
			var calls atomic.Int32
			alive := func() bool { return int(calls.Add(1)) <= c.checks }
			_, err := r.run(t, context.Background(), alive, nil)
			if !errors.Is(err, errExited) {
				t.Fatalf("wait = %v, want errExited", err)
			}
			if got := r.srv.requests(); got != c.checks {
				t.Fatalf("%d requests, want %d: no check after the process exited", got, c.checks)
			}
		})
	}
}

func TestHealthContextCancelled(t *testing.T) {
	r := newHealthRig(t, http.StatusServiceUnavailable)
	r.h.timeout = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	moves, err := r.run(t, ctx, alwaysAlive, func(parks int) bool {
		if parks == 2 { // after the third check, cancel instead of ticking
			cancel()
			return false
		}
		return true
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("wait = %v, want context.Canceled", err)
	}
	if moves != 2 || r.srv.requests() != 3 {
		t.Fatalf("moves=%d requests=%d, want 2 and 3", moves, r.srv.requests())
	}
}

func TestHealthNotListening(t *testing.T) {
	r := newHealthRig(t, http.StatusOK)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.port = l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	_, err = r.run(t, context.Background(), alwaysAlive, nil)
	if err == nil || !strings.Contains(err.Error(), "not 3 passing checks") || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(r.port)+"/ping") {
		t.Fatalf("wait = %v, want a timeout naming the URL", err)
	}
}
