package consulkv

import (
	"context"
	"errors"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

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

func TestWaitDesiredForCreation(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	st := NewStore(m)
	ch := goWaitDesired(ctx, st, 0)
	awaitParked(t, m, 1, ch)
	mustPut(t, m, api.KeySpec("other"), "{}")
	awaitParked(t, m, 1, ch)
	idx, err := st.PutDesired(ctx, "web", testDesired("ami-0abc1234def567890", "r1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	r := <-ch
	if r.err != nil || r.d == nil || r.d.RequestID != "r1" || r.index != idx {
		t.Fatalf("WaitDesired = %+v, want r1 at %d", r, idx)
	}
}

func TestWaitDesiredOutlastsWaitTime(t *testing.T) {
	ctx := context.Background()
	m, clk := newMemory()
	st := NewStore(m)
	idx, err := st.PutDesired(ctx, "web", testDesired("ami-0abc1234def567890", "r1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	ch := goWaitDesired(ctx, st, idx)
	awaitParked(t, m, 1, ch)
	clk.Advance(DefaultWaitTime)
	// The blocking query timed out unchanged; WaitDesired asks again.
	awaitDeadline(t, clk, t0.Add(2*DefaultWaitTime), ch)
	awaitParked(t, m, 1, ch)
	if err := m.Delete(ctx, api.KeyDesired("web")); err != nil {
		t.Fatal(err)
	}
	if r := <-ch; r.err != nil || r.d != nil || r.index != 0 {
		t.Fatalf("after delete: %+v, want nil at 0", r)
	}
}

func TestWaitDesiredCancel(t *testing.T) {
	m, _ := newMemory()
	ctx, cancel := context.WithCancel(context.Background())
	ch := goWaitDesired(ctx, NewStore(m), 0)
	awaitParked(t, m, 1, ch)
	cancel()
	r := <-ch
	if !errors.Is(r.err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", r.err)
	}
}
