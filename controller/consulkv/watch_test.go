package consulkv

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// step is one scripted fetch: it takes took, then returns index or err.
type step struct {
	index uint64
	err   error
	took  time.Duration
}

// call is what a scripted fetch saw: when it started and the index it was
// asked to wait on.
type call struct {
	at        time.Duration
	waitIndex uint64
}

// script runs Watch over fetches that answer with steps, in a synctest
// bubble (so the real clock is the bubble's fake one), and returns the
// calls, the delivered indexes, the reported retry delays and Watch's
// error. After the last step the fetch blocks until Watch is cancelled;
// onChange fails with failOn's error when it is delivered that index.
func script(t *testing.T, steps []step, failOn uint64) (calls []call, delivered []uint64, retries []time.Duration, err error) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		clk, start := clock.Real{}, time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		exhausted := make(chan struct{})
		fetch := func(ctx context.Context, waitIndex uint64) (int, uint64, error) {
			calls = append(calls, call{at: time.Since(start), waitIndex: waitIndex})
			if len(calls) > len(steps) {
				close(exhausted)
				<-ctx.Done()
				return 0, 0, ctx.Err()
			}
			s := steps[len(calls)-1]
			<-clk.After(s.took)
			return 0, s.index, s.err
		}
		onChange := func(_ context.Context, _ int, index uint64) error {
			delivered = append(delivered, index)
			if index == failOn {
				return errCallback
			}
			return nil
		}
		opts := WatchOptions{OnError: func(_ error, d time.Duration) { retries = append(retries, d) }}
		done := make(chan error, 1)
		go func() { done <- Watch(ctx, clk, fetch, onChange, opts) }()
		select {
		case <-exhausted:
			cancel()
			err = <-done
		case err = <-done:
		}
	})
	return calls, delivered, retries, err
}

var (
	errCallback = errors.New("callback failed")
	errDown     = errors.New("consul unreachable")
)

func TestWatchIndexRules(t *testing.T) {
	calls, delivered, _, err := script(t, []step{
		{index: 5}, // first result: delivered
		{index: 5}, // same index: a timeout, not delivered
		{index: 7}, // moved: delivered
		{index: 3}, // went backwards: reset, not delivered
		{index: 3}, // the plain read after the reset: delivered
		{index: 0}, // 0 is below 3: reset again
		{index: 0}, // after the reset, 0 is taken as 1: delivered
	}, 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Watch = %v, want context.Canceled", err)
	}
	var waits []uint64
	for _, c := range calls {
		waits = append(waits, c.waitIndex)
	}
	if want := []uint64{0, 5, 5, 7, 0, 3, 0, 1}; !slices.Equal(waits, want) {
		t.Fatalf("wait indexes %v, want %v", waits, want)
	}
	if want := []uint64{5, 7, 3, 1}; !slices.Equal(delivered, want) {
		t.Fatalf("delivered %v, want %v", delivered, want)
	}
	for i, c := range calls {
		if want := time.Duration(i) * DefaultWatchMinDelay; c.at != want {
			t.Fatalf("call %d at %v, want %v (MinDelay apart)", i, c.at, want)
		}
	}
}

func TestWatchMinDelayCountsFromCallStart(t *testing.T) {
	calls, _, _, _ := script(t, []step{
		{index: 1, took: 30 * time.Millisecond}, // quick: the next call waits
		{index: 2, took: time.Minute},           // a long block: no extra wait
		{index: 3},
	}, 0)
	var at []time.Duration
	for _, c := range calls {
		at = append(at, c.at)
	}
	want := []time.Duration{0, 100 * time.Millisecond, 100*time.Millisecond + time.Minute, 200*time.Millisecond + time.Minute}
	if !slices.Equal(at, want) {
		t.Fatalf("calls at %v, want %v", at, want)
	}
}

func TestWatchBacksOffAndNeverGivesUp(t *testing.T) {
	steps := slices.Repeat([]step{{err: errDown}}, 7)
	steps = append(steps, step{index: 4}, step{err: errDown}, step{index: 5})
	calls, delivered, retries, err := script(t, steps, 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Watch = %v, want context.Canceled", err)
	}
	s := time.Second
	if want := []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, 30 * s, 30 * s, s}; !slices.Equal(retries, want) {
		t.Fatalf("retry delays %v, want doubling from 1s capped at 30s, reset by a success: %v", retries, want)
	}
	var at []time.Duration
	var waits []uint64
	for _, c := range calls {
		at, waits = append(at, c.at), append(waits, c.waitIndex)
	}
	ms := time.Millisecond
	wantAt := []time.Duration{0, s, 3 * s, 7 * s, 15 * s, 31 * s, 61 * s, 91 * s, 91*s + 100*ms, 92*s + 100*ms, 92*s + 200*ms}
	if !slices.Equal(at, wantAt) {
		t.Fatalf("calls at %v, want %v", at, wantAt)
	}
	if want := []uint64{0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 5}; !slices.Equal(waits, want) {
		t.Fatalf("wait indexes %v, want %v (a retry after a failure reads without blocking)", waits, want)
	}
	if want := []uint64{4, 5}; !slices.Equal(delivered, want) {
		t.Fatalf("delivered %v, want %v", delivered, want)
	}
}

func TestWatchStopsWhenTheCallbackFails(t *testing.T) {
	calls, _, _, err := script(t, []step{{index: 1}, {index: 2}, {index: 3}}, 2)
	if !errors.Is(err, errCallback) || len(calls) != 2 {
		t.Fatalf("Watch = %v after %d calls, want the callback's error after 2", err, len(calls))
	}
}

func TestWatchCancelledWhileBackingOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		fetch := func(context.Context, uint64) (int, uint64, error) { return 0, 0, errDown }
		opts := WatchOptions{OnError: func(error, time.Duration) { cancel() }}
		err := Watch(ctx, clock.Real{}, fetch, func(context.Context, int, uint64) error { return nil }, opts)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Watch = %v, want context.Canceled", err)
		}
	})
}

func TestWatchOptionsDefaults(t *testing.T) {
	got := WatchOptions{MinDelay: 5 * time.Second, MaxBackoff: 2 * time.Second}.withDefaults()
	if got.Backoff != 5*time.Second || got.MaxBackoff != 5*time.Second {
		t.Fatalf("withDefaults = %+v; want Backoff and MaxBackoff raised to MinDelay", got)
	}
	got = WatchOptions{}.withDefaults()
	if got.MinDelay != DefaultWatchMinDelay || got.Backoff != DefaultWatchBackoff || got.MaxBackoff != DefaultWatchMaxBackoff {
		t.Fatalf("withDefaults = %+v", got)
	}
}
