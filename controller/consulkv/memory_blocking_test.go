package consulkv

import (
	"context"
	"testing"
	"time"
)

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
			ch := goGet(context.Background(), m, "k", &QueryOptions{WaitIndex: 2, WaitTime: tc.wait})
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
			if r := <-ch; r.err != nil || r.index != 2 || string(r.entry.Value) != "v" {
				t.Fatalf("timed-out Get = %+v, want the unchanged entry at index 2", r)
			}
		})
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
