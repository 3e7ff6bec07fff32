package consulkv

import (
	"context"
	"errors"
	"testing"
	"time"
)

func blockingContractTests() []contractTest {
	return []contractTest{
		{name: "Blocking/GetWakesOnlyOnItsKey", run: testBlockingGetWakesOnlyOnItsKey},
		{name: "Blocking/GetOnAbsentKey", run: testBlockingGetOnAbsentKey},
		{name: "Blocking/ListWakesOnWritesUnderPrefix", run: testBlockingListWakesUnderPrefix},
		// Consul adds up to 1/16 of jitter to the wait time.
		{name: "Blocking/WaitTimeReturnsUnchanged", timed: true, run: testBlockingWaitTime},
		{name: "Blocking/Cancel", run: testBlockingCancel},
	}
}

func testBlockingGetWakesOnlyOnItsKey(t *testing.T, h *harness) {
	ctx := context.Background()
	mustPut(t, h.b, "asgctl/watched", "v1")
	_, idx := mustGet(t, h.b, "asgctl/watched")
	ch := goGet(ctx, h.b, "asgctl/watched", &QueryOptions{WaitIndex: idx})
	h.parked(t, 1)
	notYet(t, ch, "blocking Get")

	mustPut(t, h.b, "asgctl/other", "x")
	mustPut(t, h.b, "asgctl/watched", "v1") // the same value: no change
	h.parked(t, 1)
	notYet(t, ch, "blocking Get after a write elsewhere and a no-op rewrite")

	mustPut(t, h.b, "asgctl/watched", "v2")
	r := recvWithin(t, h, ch, safetyTimeout)
	if r.err != nil || string(r.entry.Value) != "v2" || r.index <= idx || r.index != r.entry.ModifyIndex {
		t.Fatalf("Get = %+v, want v2 at its ModifyIndex past %d", r, idx)
	}
}

func testBlockingGetOnAbsentKey(t *testing.T, h *harness) {
	ctx := context.Background()
	mustPut(t, h.b, "asgctl/other", "x")
	_, idx := mustGet(t, h.b, "asgctl/later")
	ch := goGet(ctx, h.b, "asgctl/later", &QueryOptions{WaitIndex: idx})
	h.parked(t, 1)
	mustPut(t, h.b, "asgctl/other", "y")
	h.parked(t, 1)
	notYet(t, ch, "blocking Get on an absent key after a write elsewhere")
	mustPut(t, h.b, "asgctl/later", "here")
	if r := recvWithin(t, h, ch, safetyTimeout); r.err != nil || r.entry == nil || string(r.entry.Value) != "here" {
		t.Fatalf("Get = %+v, want the new key", r)
	}

	// A delete wakes a watch on the key too.
	_, idx = mustGet(t, h.b, "asgctl/later")
	ch = goGet(ctx, h.b, "asgctl/later", &QueryOptions{WaitIndex: idx})
	h.parked(t, 1)
	if err := h.b.Delete(ctx, "asgctl/later"); err != nil {
		t.Fatal(err)
	}
	if r := recvWithin(t, h, ch, safetyTimeout); r.err != nil || r.entry != nil || r.index <= idx {
		t.Fatalf("Get after delete = %+v, want nil past index %d", r, idx)
	}
}

func testBlockingListWakesUnderPrefix(t *testing.T, h *harness) {
	ctx := context.Background()
	mustPut(t, h.b, "asgctl/agents/web/i-1", "a")
	_, idx, _ := h.b.List(ctx, "asgctl/agents/web/", nil)
	ch := goList(ctx, h.b, "asgctl/agents/web/", &QueryOptions{WaitIndex: idx})
	h.parked(t, 1)
	mustPut(t, h.b, "asgctl/agents/api/i-9", "elsewhere")
	h.parked(t, 1)
	notYet(t, ch, "blocking List after a write outside the prefix")
	mustPut(t, h.b, "asgctl/agents/web/i-2", "b")
	r := recvWithin(t, h, ch, safetyTimeout)
	if r.err != nil || len(r.entries) != 2 || r.index <= idx {
		t.Fatalf("List = %+v, want 2 entries past index %d", r, idx)
	}

	idx = r.index
	ch = goList(ctx, h.b, "asgctl/agents/web/", &QueryOptions{WaitIndex: idx})
	h.parked(t, 1)
	if err := h.b.Delete(ctx, "asgctl/agents/web/i-1"); err != nil {
		t.Fatal(err)
	}
	if r := recvWithin(t, h, ch, safetyTimeout); r.err != nil || len(r.entries) != 1 || r.index <= idx {
		t.Fatalf("List after delete = %+v, want 1 entry past index %d", r, idx)
	}
}

func testBlockingWaitTime(t *testing.T, h *harness) {
	mustPut(t, h.b, "asgctl/k", "v")
	_, idx := mustGet(t, h.b, "asgctl/k")
	const wait = 2 * time.Second
	ch := goGet(context.Background(), h.b, "asgctl/k", &QueryOptions{WaitIndex: idx, WaitTime: wait})
	h.parked(t, 1)
	notYet(t, ch, "blocking Get before its wait time")
	h.advance(wait)
	r := recvWithin(t, h, ch, wait/16+time.Second)
	if r.err != nil || r.index != idx || string(r.entry.Value) != "v" {
		t.Fatalf("timed-out Get = %+v, want the unchanged entry at index %d", r, idx)
	}
}

func testBlockingCancel(t *testing.T, h *harness) {
	mustPut(t, h.b, "asgctl/k", "v")
	_, idx, _ := h.b.List(context.Background(), "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	ch := goList(ctx, h.b, "", &QueryOptions{WaitIndex: idx})
	h.parked(t, 1)
	cancel()
	if r := recvWithin(t, h, ch, safetyTimeout); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", r.err)
	}
	if _, _, err := h.b.Get(ctx, "asgctl/k", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get on a done context: %v", err)
	}
}
