package consulkv

import (
	"context"
	"errors"
	"testing"
	"time"
)

// semGrantWithin bounds a grant that follows an event at once (Consul).
const semGrantWithin = 3 * time.Second

// testSemLimitTwoOfFive: with limit 2, five contenders get exactly two
// slots; each release grants exactly one more; the holders never exceed
// two; when all are released nothing is left but an empty record.
func testSemLimitTwoOfFive(t *testing.T, h *semHarness) {
	p := newSemPool(t, h, 2)
	p.start("i-1", "i-2", "i-3", "i-4", "i-5")
	p.granted(2, semGrantWithin)
	p.quiet(3)
	p.checkHolders(2)
	if rec := semRecord(t, h); rec.Limit != 2 || len(rec.Holders) != 2 {
		t.Fatalf("record = %+v, want limit 2 and two holders", rec)
	}
	for waiters := 2; waiters >= 0; waiters-- {
		p.release(p.anyHeld())
		p.checkAtMost(2) // a waiter may be granted already
		p.granted(1, semGrantWithin)
		p.quiet(waiters)
		p.checkHolders(2)
	}
	for _, name := range p.heldNames() {
		p.release(name)
		p.checkHolders(2)
	}
	keys := semKeys(t, h)
	if _, ok := keys[semaphoreRecordName]; len(keys) != 1 || !ok {
		t.Fatalf("keys left under the prefix: %v, want only the record", keys)
	}
	if rec := semRecord(t, h); len(rec.Holders) != 0 {
		t.Fatalf("record after every release = %+v, want no holders", rec)
	}
}

// testSemLimitFollowsFunction: the limit is recomputed on every attempt.
// Lowered from 3 to 1, it stops grants until the holders drop below 1;
// raised to 3, it grants two more without any other change under the
// prefix (within WaitTime). The record carries each grant's limit.
func testSemLimitFollowsFunction(t *testing.T, h *semHarness) {
	p := newSemPool(t, h, 3)
	p.start("i-1", "i-2", "i-3", "i-4", "i-5", "i-6")
	p.granted(3, semGrantWithin)
	p.quiet(3)
	p.checkHolders(3)
	if rec := semRecord(t, h); rec.Limit != 3 {
		t.Fatalf("record limit = %d, want 3", rec.Limit)
	}
	p.limit.Store(1)
	for range 2 { // 3 holders, then 2, then 1: none below the limit of 1
		p.release(p.anyHeld())
		p.quiet(3)
		p.checkHolders(3)
	}
	p.release(p.anyHeld())
	p.granted(1, semGrantWithin)
	p.quiet(2)
	p.checkHolders(1)
	if rec := semRecord(t, h); rec.Limit != 1 {
		t.Fatalf("record limit = %d, want the current limit 1", rec.Limit)
	}
	p.limit.Store(3)
	if !h.real {
		awaitWaitTimer(t, h)
		h.advance(semTestWait) // the waiters' blocking reads end
	}
	p.granted(2, semTestWait+semGrantWithin)
	p.checkHolders(3)
	if rec := semRecord(t, h); rec.Limit != 3 {
		t.Fatalf("record limit = %d, want 3 again", rec.Limit)
	}
}

// testSemReleaseIdempotent: Release frees the slot at once and closes
// Lost; a second Release is a no-op; a failed Release can be retried.
func testSemReleaseIdempotent(t *testing.T, h *semHarness) {
	ctx := context.Background()
	p := newSemPool(t, h, 1)
	p.start("i-1")
	p.granted(1, semGrantWithin)
	slot := p.held["i-1"]
	for i := range 2 {
		if err := slot.Release(ctx); err != nil {
			t.Fatalf("Release #%d: %v", i+1, err)
		}
	}
	delete(p.held, "i-1")
	if !isClosed(slot.Lost()) {
		t.Fatal("Lost open after Release")
	}
	p.checkHolders(1)
	if e, _ := mustGet(t, h.b, slot.c.key); e != nil {
		t.Fatalf("contender key left after Release: %+v", e)
	}
	p.start("i-2")
	p.granted(1, semGrantWithin)
	p.checkHolders(1)
	if h.mem == nil {
		return
	}
	// Memory only: a Release that fails part-way is retried to the end.
	h.mem.SetInterceptor(func(op, key string) error {
		if op == OpDelete {
			return errors.New("injected: consul unreachable")
		}
		return nil
	})
	if err := p.held["i-2"].Release(ctx); err == nil {
		t.Fatal("Release succeeded although deleting the contender key failed")
	}
	h.mem.SetInterceptor(nil)
	if err := p.held["i-2"].Release(ctx); err != nil {
		t.Fatalf("retried Release: %v", err)
	}
	delete(p.held, "i-2")
	p.checkHolders(1)
	if keys := semKeys(t, h); len(keys) != 1 {
		t.Fatalf("keys left after the retried Release: %v", keys)
	}
}

// testSemCancelWhileWaiting: a waiter whose ctx ends gets ctx's error and
// leaves nothing under the prefix.
func testSemCancelWhileWaiting(t *testing.T, h *semHarness) {
	p := newSemPool(t, h, 1)
	p.start("i-1")
	p.granted(1, semGrantWithin)
	ctx, cancel := context.WithCancel(context.Background())
	p.startCtx(ctx, "i-2")
	p.quiet(1)
	if contenderOf(t, h, "i-2") == nil {
		t.Fatal("the waiter has no contender key")
	}
	cancel()
	g := recvWithin(t, h.harness, p.results, semGrantWithin)
	if g.slot != nil || !isSemCtxErr(g.err) {
		t.Fatalf("cancelled Acquire = %v, %v; want ctx's error", g.slot, g.err)
	}
	if e := contenderOf(t, h, "i-2"); e != nil {
		t.Fatalf("contender key left by the cancelled waiter: %+v", e)
	}
	if keys := semKeys(t, h); len(keys) != 2 {
		t.Fatalf("keys under the prefix: %v, want the record and i-1's key", keys)
	}
	p.checkHolders(1)
}
