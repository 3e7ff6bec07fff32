package consulkv

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// semFaults injects failures into a waiting contender on Memory: reads of
// the suite's prefix, check-and-sets of its record, and limit computations,
// each a counted number of times.
type semFaults struct {
	h                   *semHarness
	limits, lists, cass atomic.Int64
	injected            atomic.Int64
}

// semBackoffBound is more than any backoff testSemRetriesErrors causes
// (≤ 4 × the first interval, with jitter) and less than the time to the
// next renewal, so the one timer due that soon is the backoff's.
const semBackoffBound = 4 * time.Second

// newSemFaults installs the fault hook on h's Memory.
func newSemFaults(h *semHarness) *semFaults {
	f := &semFaults{h: h}
	h.mem.SetInterceptor(f.intercept)
	return f
}

// arm sets how many limit computations, reads and check-and-sets fail next.
func (f *semFaults) arm(limits, lists, cass int64) {
	f.limits.Store(limits)
	f.lists.Store(lists)
	f.cass.Store(cass)
}

// intercept is the Memory hook.
func (f *semFaults) intercept(op, key string) error {
	switch {
	case op == OpList && key == semTestPrefix && takeOne(&f.lists):
	case op == OpCAS && key == semTestPrefix+semaphoreRecordName && takeOne(&f.cass):
	default:
		return nil
	}
	f.injected.Add(1)
	return errors.New("injected: consul unreachable")
}

// limit wraps a limit function with the armed failures.
func (f *semFaults) limit(next limitFunc) limitFunc {
	return func(ctx context.Context) (int, error) {
		if takeOne(&f.limits) {
			f.injected.Add(1)
			return 0, errors.New("injected: instance count unavailable")
		}
		return next(ctx)
	}
}

// skipBackoff waits for the k-th injected failure and for the backoff
// timer it leads to, then moves the clock to that timer.
func (f *semFaults) skipBackoff(t *testing.T, k int64) {
	t.Helper()
	waitUntil(t, f.h, 0, "injected failure", func() bool { return f.injected.Load() == k })
	var at time.Time
	waitUntil(t, f.h, 0, "a backoff timer", func() bool {
		d, ok := f.h.fake.NextDeadline()
		at = d
		return ok && d.Sub(f.h.fake.Now()) <= semBackoffBound
	})
	f.h.fake.Set(at)
}

// takeOne decrements n if positive and reports whether it did.
func takeOne(n *atomic.Int64) bool {
	for {
		v := n.Load()
		if v <= 0 {
			return false
		}
		if n.CompareAndSwap(v, v-1) {
			return true
		}
	}
}
