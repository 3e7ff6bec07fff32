package consulkv

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// testSemDestroyedHolder: a holder whose session ends frees its slot for a
// waiter at once; the waiter deletes the dead contender key; the old
// holder learns at its next renewal (Lost) and its Release leaves the new
// holder alone.
func testSemDestroyedHolder(t *testing.T, h *semHarness) {
	ctx := context.Background()
	p := newSemPool(t, h, 1)
	p.start("i-1")
	p.granted(1, semGrantWithin)
	p.start("i-2")
	p.quiet(1)
	old := p.held["i-1"]
	delete(p.held, "i-1")
	if err := h.b.DestroySession(ctx, old.c.session); err != nil {
		t.Fatal(err)
	}
	p.granted(1, semGrantWithin)
	p.checkHolders(1)
	if e, _ := mustGet(t, h.b, old.c.key); e != nil {
		t.Fatalf("dead contender key not cleaned up: %+v", e)
	}
	if !h.real {
		h.advance(semTestTTL / 3) // the next renewal
	}
	recvWithin(t, h.harness, old.Lost(), semTestTTL/3+semGrantWithin)
	if err := old.Release(ctx); err != nil {
		t.Fatalf("Release of a lost slot: %v", err)
	}
	p.checkHolders(1)
	if isClosed(p.held["i-2"].Lost()) {
		t.Fatal("the new holder's slot is lost")
	}
}

// testSemWaiterRejoins: a waiter whose session ends starts over with a
// new session and contender key, and is still granted later.
func testSemWaiterRejoins(t *testing.T, h *semHarness) {
	ctx := context.Background()
	p := newSemPool(t, h, 1)
	p.start("i-1")
	p.granted(1, semGrantWithin)
	p.start("i-2")
	p.quiet(1)
	first := contenderOf(t, h, "i-2")
	if first == nil {
		t.Fatal("the waiter has no contender key")
	}
	if err := h.b.DestroySession(ctx, first.Session); err != nil {
		t.Fatal(err)
	}
	p.quiet(1)
	var again *Entry
	waitUntil(t, h, semGrantWithin, "the waiter rejoins under a new session", func() bool {
		again = contenderOf(t, h, "i-2")
		return again != nil && again.Key != first.Key && again.Session != "" && !keyExists(t, h, first.Key)
	})
	notYet(t, p.results, "Acquire")
	p.release("i-1")
	p.granted(1, semGrantWithin)
	p.checkHolders(1)
	if got := p.held["i-2"].c.key; got != again.Key {
		t.Fatalf("granted on key %s, want the rejoined key %s", got, again.Key)
	}
}

// keyExists reports whether key is stored.
func keyExists(t *testing.T, h *semHarness, key string) bool {
	t.Helper()
	e, _ := mustGet(t, h.b, key)
	return e != nil
}

// testSemLapsedHolder (Memory): a holder that cannot renew keeps its slot
// until its TTL runs out, then loses it (Lost) to the waiter, whose own
// renewals keep it alive meanwhile; the dead key is cleaned up.
func testSemLapsedHolder(t *testing.T, h *semHarness) {
	var mu sync.Mutex
	renewals := map[string]int{}
	var victim string
	h.mem.SetInterceptor(func(op, key string) error {
		if op != OpRenewSession {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		renewals[key]++
		if key == victim {
			return errors.New("injected: renewal lost on the way")
		}
		return nil
	})
	renewed := func(id string) int {
		mu.Lock()
		defer mu.Unlock()
		return renewals[id]
	}
	p := newSemPool(t, h, 1)
	p.start("i-1")
	p.granted(1, semGrantWithin)
	old := p.held["i-1"]
	delete(p.held, "i-1")
	mu.Lock()
	victim = old.c.session
	mu.Unlock()
	p.start("i-2")
	p.quiet(1)
	waiter := contenderOf(t, h, "i-2").Session
	// Step the fake clock from timer to timer up to TTL after the grant
	// (the victim's last successful renewal): every renewal of the victim
	// fails and is retried sooner than the next interval, and the slot is
	// not lost before TTL.
	lapse := h.fake.Now().Add(semTestTTL)
	for h.fake.Now().Before(lapse) {
		if isClosed(old.Lost()) {
			t.Fatalf("lost %s before its TTL, after %d failed renewals", lapse.Sub(h.fake.Now()), renewed(victim))
		}
		next, ok := h.fake.NextDeadline()
		if !ok || next.After(lapse) {
			next = lapse
		}
		h.advance(next.Sub(h.fake.Now()))
		realWait(20 * time.Millisecond) // let what the timers woke run
	}
	recvWithin(t, h.harness, old.Lost(), 0)
	if n := renewed(victim); n < 5 {
		t.Fatalf("%d renewals of the failing session within its TTL; want a retry soon after each failure", n)
	}
	if renewed(waiter) < 2 {
		t.Fatalf("the waiter's session was renewed %d times", renewed(waiter))
	}
	p.granted(1, 0)
	p.checkHolders(1)
	if e, _ := mustGet(t, h.b, old.c.key); e != nil {
		t.Fatalf("dead contender key not cleaned up: %+v", e)
	}
	if isClosed(p.held["i-2"].Lost()) {
		t.Fatal("the waiter's session lapsed although it was renewed")
	}
}

// testSemRetriesErrors (Memory): failed reads, a failed limit and a
// failed check-and-set while waiting are retried after a backoff on the
// clock; the waiter keeps its place and is granted in the end.
func testSemRetriesErrors(t *testing.T, h *semHarness) {
	f := newSemFaults(h)
	p := newSemPool(t, h, 1)
	p.opt.TTL = time.Minute // renewals stay far from the backoffs
	limit := p.limitFn
	p.start("i-1")
	p.granted(1, semGrantWithin)
	s := p.semaphore("i-2")
	p.wg.Go(func() {
		slot, err := s.Acquire(p.ctx, f.limit(limit))
		p.results <- semGrant{holder: "i-2", slot: slot, err: err}
	})
	p.quiet(1)
	f.arm(1, 2, 0)
	awaitWaitTimer(t, h)
	h.advance(semTestWait) // the blocking read ends; the next steps fail
	for k := int64(1); k <= 3; k++ {
		f.skipBackoff(t, k)
	}
	p.quiet(1)
	p.checkHolders(1)
	f.arm(0, 0, 1)
	old := p.held["i-1"]
	delete(p.held, "i-1")
	if err := h.b.DestroySession(context.Background(), old.c.session); err != nil {
		t.Fatal(err)
	}
	f.skipBackoff(t, 4)
	p.granted(1, 0)
	p.checkHolders(1)
}
