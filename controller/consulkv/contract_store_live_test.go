package consulkv

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// testStoreControllers: only heartbeats a session holds are listed; one
// whose controller stopped (Unlock) or died (its session ended) is not.
func testStoreControllers(t *testing.T, h *harness) {
	ctx := context.Background()
	store, locker := NewStore(h.b), suiteLocker(h)
	heartbeat := func(id string) Lock {
		t.Helper()
		b, _ := json.Marshal(api.Heartbeat{Version: 1, ID: id, StartedAt: t0})
		lk, ok, err := locker.TryAcquire(ctx, api.KeyController(id), id, b)
		if err != nil || !ok {
			t.Fatalf("heartbeat %s: %v %v", id, ok, err)
		}
		return lk
	}
	a, b := heartbeat("hb-a"), heartbeat("hb-b")
	heartbeat("hb-c")
	got, err := store.Controllers(ctx)
	if err != nil || len(got) != 3 || got[0].ID != "hb-a" || got[1].ID != "hb-b" || got[2].ID != "hb-c" {
		t.Fatalf("controllers %+v, %v; want hb-a, hb-b and hb-c", got, err)
	}
	if err := a.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.b.DestroySession(ctx, b.(*sessionLock).session); err != nil {
		t.Fatal(err)
	}
	got, err = store.Controllers(ctx)
	if err != nil || len(got) != 1 || got[0].ID != "hb-c" {
		t.Fatalf("controllers after hb-a stopped and hb-b died: %+v, %v; want hb-c", got, err)
	}
	if es, _, _ := h.b.List(ctx, api.KeyControllersPrefix, nil); len(es) != 3 {
		t.Fatalf("%d heartbeat keys, want all 3 kept (released, not deleted)", len(es))
	}
}

// desiredResult is what a backgrounded WaitDesired returned.
type desiredResult struct {
	d     *api.Desired
	index uint64
	err   error
}

func goWaitDesired(ctx context.Context, st Store, index uint64) <-chan desiredResult {
	ch := make(chan desiredResult, 1)
	go func() {
		d, idx, err := st.WaitDesired(ctx, "web", index)
		ch <- desiredResult{d, idx, err}
	}()
	return ch
}

// testWaitDesired: WaitDesired returns on creation, on a new value and on
// deletion, never for writes elsewhere or a rewrite of the same value.
func testWaitDesired(t *testing.T, h *harness) {
	ctx := context.Background()
	st := NewStore(h.b)
	ch := goWaitDesired(ctx, st, 0)
	h.parked(t, 1)
	mustPut(t, h.b, api.KeySpec("other"), "{}")
	h.parked(t, 1)
	notYet(t, ch, "WaitDesired for creation")
	idx, err := st.PutDesired(ctx, "web", testDesired("ami-0abc1234def567890", "r1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	r := recvWithin(t, h, ch, safetyTimeout)
	if r.err != nil || r.d == nil || r.d.RequestID != "r1" || r.index != idx {
		t.Fatalf("WaitDesired = %+v, want r1 at %d", r, idx)
	}

	ch = goWaitDesired(ctx, st, idx)
	h.parked(t, 1)
	e, _ := mustGet(t, h.b, api.KeyDesired("web"))
	mustPut(t, h.b, api.KeyDesired("web"), string(e.Value))
	h.parked(t, 1)
	notYet(t, ch, "WaitDesired after a rewrite of the same value")
	next, err := st.PutDesired(ctx, "web", testDesired("ami-0abc1234def567890", "r2"), idx)
	if err != nil {
		t.Fatal(err)
	}
	if r := recvWithin(t, h, ch, safetyTimeout); r.err != nil || r.d == nil || r.d.RequestID != "r2" || r.index != next {
		t.Fatalf("WaitDesired = %+v, want r2 at %d", r, next)
	}

	ch = goWaitDesired(ctx, st, next)
	h.parked(t, 1)
	if err := h.b.Delete(ctx, api.KeyDesired("web")); err != nil {
		t.Fatal(err)
	}
	if r := recvWithin(t, h, ch, safetyTimeout); r.err != nil || r.d != nil || r.index != 0 {
		t.Fatalf("after delete: %+v, want nil at 0", r)
	}
}

func testWaitDesiredCancel(t *testing.T, h *harness) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := goWaitDesired(ctx, NewStore(h.b), 0)
	h.parked(t, 1)
	cancel()
	if r := recvWithin(t, h, ch, safetyTimeout); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", r.err)
	}
}
