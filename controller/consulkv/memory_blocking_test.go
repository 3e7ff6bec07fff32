package consulkv

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBlockingGetWakesOnlyOnItsKey(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	mustPut(t, m, "watched", "v1")
	_, idx := mustGet(t, m, "watched")
	ch := goGet(ctx, m, "watched", &QueryOptions{WaitIndex: idx})
	awaitParked(t, m, 1, ch)

	mustPut(t, m, "other", "x")
	awaitParked(t, m, 1, ch) // woke, saw nothing relevant, parked again

	mustPut(t, m, "watched", "v2")
	r := <-ch
	if r.err != nil || string(r.entry.Value) != "v2" || r.index != 3 {
		t.Fatalf("Get = %+v, want v2 at index 3", r)
	}
}

func TestBlockingGetOnAbsentKey(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	mustPut(t, m, "other", "x")
	_, idx := mustGet(t, m, "later")
	ch := goGet(ctx, m, "later", &QueryOptions{WaitIndex: idx})
	awaitParked(t, m, 1, ch)
	mustPut(t, m, "other", "y")
	awaitParked(t, m, 1, ch)
	mustPut(t, m, "later", "here")
	if r := <-ch; r.err != nil || r.entry == nil || string(r.entry.Value) != "here" {
		t.Fatalf("Get = %+v, want the new key", r)
	}

	// A delete wakes a watch on the key too.
	_, idx = mustGet(t, m, "later")
	ch = goGet(ctx, m, "later", &QueryOptions{WaitIndex: idx})
	awaitParked(t, m, 1, ch)
	if err := m.Delete(ctx, "later"); err != nil {
		t.Fatal(err)
	}
	if r := <-ch; r.err != nil || r.entry != nil || r.index <= idx {
		t.Fatalf("Get after delete = %+v, want nil past index %d", r, idx)
	}
}

func TestBlockingListWakesOnAnyWriteUnderPrefix(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	mustPut(t, m, "agents/web/i-1", "a")
	_, idx, _ := m.List(ctx, "agents/web/", nil)
	ch := goList(ctx, m, "agents/web/", &QueryOptions{WaitIndex: idx})
	awaitParked(t, m, 1, ch)
	mustPut(t, m, "agents/api/i-9", "elsewhere")
	awaitParked(t, m, 1, ch)
	mustPut(t, m, "agents/web/i-2", "b")
	r := <-ch
	if r.err != nil || len(r.entries) != 2 || r.index != 3 {
		t.Fatalf("List = %+v, want 2 entries at index 3", r)
	}

	ch = goList(ctx, m, "agents/web/", &QueryOptions{WaitIndex: r.index})
	awaitParked(t, m, 1, ch)
	if err := m.Delete(ctx, "agents/web/i-1"); err != nil {
		t.Fatal(err)
	}
	if r := <-ch; r.err != nil || len(r.entries) != 1 || r.index != 4 {
		t.Fatalf("List after delete = %+v, want 1 entry at index 4", r)
	}
}

func TestBlockingWaitTime(t *testing.T) {
	tests := []struct {
		name string
		wait time.Duration
		want time.Duration
	}{
		{"given", 30 * time.Second, 30 * time.Second},
		{"default", 0, 5 * time.Minute},
		{"capped", time.Hour, 10 * time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, clk := newMemory()
			mustPut(t, m, "k", "v")
			ch := goGet(context.Background(), m, "k", &QueryOptions{WaitIndex: 1, WaitTime: tc.wait})
			awaitParked(t, m, 1, ch)
			if d, ok := clk.NextDeadline(); !ok || !d.Equal(t0.Add(tc.want)) {
				t.Fatalf("wakes at %v (%v), want %v", d, ok, t0.Add(tc.want))
			}
			clk.Advance(tc.want - time.Nanosecond)
			select {
			case r := <-ch:
				t.Fatalf("returned before the wait time: %+v", r)
			default:
			}
			clk.Advance(time.Nanosecond)
			if r := <-ch; r.err != nil || r.index != 1 || string(r.entry.Value) != "v" {
				t.Fatalf("timed-out Get = %+v, want the unchanged entry at index 1", r)
			}
		})
	}
}

func TestBlockingQueryCancel(t *testing.T) {
	m, _ := newMemory()
	mustPut(t, m, "k", "v")
	ctx, cancel := context.WithCancel(context.Background())
	ch := goList(ctx, m, "", &QueryOptions{WaitIndex: 1})
	awaitParked(t, m, 1, ch)
	cancel()
	if r := <-ch; !errors.Is(r.err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", r.err)
	}
	if _, _, err := m.Get(ctx, "k", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get on a done context: %v", err)
	}
}

func TestBlockingGetSeesSessionExpiry(t *testing.T) {
	m, clk := newMemory()
	id := mustSession(t, m, 10*time.Second, 0)
	acquire(t, m, "lock", "holder", id)
	e, idx := mustGet(t, m, "lock")
	if e.Session != id {
		t.Fatalf("lock not held: %+v", e)
	}
	ch := goGet(context.Background(), m, "lock", &QueryOptions{WaitIndex: idx})
	awaitParked(t, m, 1, ch)
	clk.Advance(10 * time.Second)
	r := <-ch
	if r.err != nil || r.entry.Session != "" || string(r.entry.Value) != "holder" || r.index <= idx {
		t.Fatalf("Get = %+v, want the released key past index %d", r, idx)
	}
}
