package consulkv

import (
	"context"
	"errors"
	"testing"
	"time"
)

func watchContractTests() []contractTest {
	return []contractTest{
		{name: "Watch/KeyDeliversRealChanges", run: testWatchKey},
		{name: "Watch/PrefixDeliversRealChanges", run: testWatchPrefix},
	}
}

// watchOpts keeps the pace explicit: the test moves time by MinDelay after
// each delivery so the next blocking query starts.
var watchOpts = WatchOptions{MinDelay: 100 * time.Millisecond}

// runWatch starts watch in the background, delivering into the returned
// channel; it stops when the test ends and must then have ended with
// context.Canceled.
func runWatch[T any](t *testing.T, watch func(ctx context.Context, deliver func(context.Context, T) error) error) <-chan T {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan T, 16)
	done := make(chan error, 1)
	go func() {
		done <- watch(ctx, func(_ context.Context, v T) error { ch <- v; return nil })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("watch ended with %v, want context.Canceled", err)
		}
	})
	return ch
}

// next receives one delivery and lets MinDelay pass for the next query.
func next[T any](t *testing.T, h *harness, ch <-chan T) T {
	t.Helper()
	v := recvWithin(t, h, ch, safetyTimeout)
	h.advance(watchOpts.MinDelay)
	return v
}

func testWatchKey(t *testing.T, h *harness) {
	ch := runWatch(t, func(ctx context.Context, deliver func(context.Context, *Entry) error) error {
		return WatchKey(ctx, h.clk, h.b, "deploys/web", watchOpts, deliver)
	})
	if e := next(t, h, ch); e != nil {
		t.Fatalf("first delivery %+v, want the absent key", e)
	}
	mustPut(t, h.b, "deploys/web", "r1")
	if e := next(t, h, ch); e == nil || string(e.Value) != "r1" {
		t.Fatalf("delivery %+v, want r1", e)
	}
	h.parked(t, 1)
	mustPut(t, h.b, "deploys/api", "elsewhere")
	mustPut(t, h.b, "deploys/web", "r1")
	h.parked(t, 1)
	notYet(t, ch, "WatchKey after a write elsewhere and a no-op rewrite")
	mustPut(t, h.b, "deploys/web", "r2")
	if e := next(t, h, ch); e == nil || string(e.Value) != "r2" {
		t.Fatalf("delivery %+v, want r2", e)
	}
	h.parked(t, 1)
	if err := h.b.Delete(context.Background(), "deploys/web"); err != nil {
		t.Fatal(err)
	}
	if e := next(t, h, ch); e != nil {
		t.Fatalf("delivery %+v after delete, want nil", e)
	}
}

func testWatchPrefix(t *testing.T, h *harness) {
	ch := runWatch(t, func(ctx context.Context, deliver func(context.Context, []Entry) error) error {
		return WatchPrefix(ctx, h.clk, h.b, "asgctl/agents/web/", watchOpts, deliver)
	})
	if es := next(t, h, ch); len(es) != 0 {
		t.Fatalf("first delivery %+v, want nothing", es)
	}
	mustPut(t, h.b, "asgctl/agents/web/i-1", "a")
	if es := next(t, h, ch); len(es) != 1 {
		t.Fatalf("delivery %+v, want i-1", es)
	}
	h.parked(t, 1)
	mustPut(t, h.b, "asgctl/agents/api/i-9", "elsewhere")
	mustPut(t, h.b, "asgctl/agents/web/i-1", "a")
	h.parked(t, 1)
	notYet(t, ch, "WatchPrefix after a write elsewhere and a no-op rewrite")
	mustPut(t, h.b, "asgctl/agents/web/i-2", "b")
	if es := next(t, h, ch); len(es) != 2 || es[1].Key != "asgctl/agents/web/i-2" {
		t.Fatalf("delivery %+v, want i-1 and i-2", es)
	}
}
