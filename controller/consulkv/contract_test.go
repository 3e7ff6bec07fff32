package consulkv

import (
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// harness is one backend under the contract suite, with its notion of time.
//
// Semantics are the same on every backend; timing is not. Memory runs on a
// fake clock the test moves: whatever a test waits for is due the moment
// the clock reaches it. Consul runs on the wall clock and decides some
// moments itself (a session lapses between TTL and 2×TTL after its last
// renewal; a blocking query's wait time gets up to 1/16 of jitter), so
// tests wait for those within bounds rather than at an instant.
type harness struct {
	b   Backend
	clk clock.Clock
	// real is true when time is the wall clock and Consul's own.
	real bool
	// advance lets d pass: Memory moves its fake clock, Consul waits.
	advance func(d time.Duration)
	// parked returns once n blocking queries wait on the backend: exactly
	// for Memory, after a short real wait for Consul (it cannot tell).
	parked func(t *testing.T, n int)
}

// contractTest is one test of the suite. timed marks tests whose timing
// (not semantics) differs between backends: on Consul they wait out real
// session TTLs (up to about 30 s each) and are skipped with -short.
type contractTest struct {
	name  string
	timed bool
	run   func(t *testing.T, h *harness)
}

// contractTests is the whole suite, in the order it runs.
func contractTests() []contractTest {
	var all []contractTest
	for _, group := range [][]contractTest{
		kvContractTests(), blockingContractTests(), sessionContractTests(),
		lockerContractTests(), storeContractTests(), watchContractTests(),
	} {
		all = append(all, group...)
	}
	return all
}

// RunBackendSuite runs the store contract suite: KV, blocking queries,
// sessions and locks, the typed Store and Watch, each test on a fresh
// backend from newHarness.
func RunBackendSuite(t *testing.T, newHarness func(t *testing.T) *harness) {
	for _, tc := range contractTests() {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			if tc.timed && h.real && testing.Short() {
				t.Skip("waits out real Consul session TTLs; skipped with -short")
			}
			tc.run(t, h)
		})
	}
}

// safetyTimeout bounds waits for things that are already due on Memory:
// it only turns a hang into a failure.
const safetyTimeout = 10 * time.Second

// recvWithin returns the next value from ch. On Consul it allows limit of
// real time for it; on Memory the value must already be due, so it only
// waits for the goroutine to deliver it.
func recvWithin[T any](t *testing.T, h *harness, ch <-chan T, limit time.Duration) T {
	t.Helper()
	if !h.real {
		limit = safetyTimeout
	}
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		t.Fatalf("nothing arrived within %s", limit)
		panic("unreachable")
	}
}

// notYet fails if ch already has a value.
func notYet[T any](t *testing.T, ch <-chan T, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("%s returned early: %+v", what, v)
	default:
	}
}

// eventually checks cond until it holds. On Memory it must hold now (the
// test has moved the clock to the moment it becomes due); on Consul it is
// polled for up to limit of real time.
func eventually(t *testing.T, h *harness, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	if !h.real {
		if !cond() {
			t.Fatalf("%s: not so once due", what)
		}
		return
	}
	const step = 250 * time.Millisecond
	for waited := time.Duration(0); !cond(); waited += step {
		if waited >= limit {
			t.Fatalf("%s: not so within %s", what, limit)
		}
		h.advance(step)
	}
}

// realWait waits d of wall-clock time: the Consul harness's way to let
// time pass (bounded, and only against a real Consul).
func realWait(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	<-t.C
}
