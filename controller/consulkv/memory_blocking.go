package consulkv

import (
	"context"
	"fmt"
	"time"
)

// Blocking query wait times, as Consul: 5 minutes when unset, at most 10.
const (
	DefaultWaitTime = 5 * time.Minute
	MaxWaitTime     = 10 * time.Minute
)

// waitLocked implements a blocking query. With q.WaitIndex > 0 it returns
// once index() > q.WaitIndex, the wait time has passed on the clock, or ctx
// ends (an error). It is called and returns with m.mu held, releasing it
// while parked, like sync.Cond.
//
// A parked query wakes on every write (the changed channel is closed and
// replaced) and re-checks its own index, so writes elsewhere do not end it.
// It also wakes at the next session expiry, so a watch on a lock key sees a
// lapsed holder released without anyone else calling in.
func (m *Memory) waitLocked(ctx context.Context, op, key string, q *QueryOptions, index func() uint64) error {
	if q == nil || q.WaitIndex == 0 {
		return nil
	}
	deadline := m.clk.Now().Add(waitTime(q.WaitTime))
	for {
		now := m.clk.Now()
		if index() > q.WaitIndex || !now.Before(deadline) {
			return nil
		}
		wake := deadline
		if next, ok := m.nextExpiry(); ok && next.Before(wake) {
			wake = next
		}
		ch, gen := m.changed, m.gen
		m.parked++
		m.mu.Unlock()
		err := m.sleep(ctx, ch, wake.Sub(now))
		m.mu.Lock()
		if m.gen == gen {
			m.parked--
		}
		if err != nil {
			return fmt.Errorf("memory %s %q: blocking query: %w", op, key, err)
		}
		m.expireSessions(m.clk.Now())
	}
}

// sleep waits for ch to close, d to pass on the clock, or ctx to end.
func (m *Memory) sleep(ctx context.Context, ch <-chan struct{}, d time.Duration) error {
	t := m.clk.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
		return nil
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// waitTime applies Consul's default and cap to a requested wait time.
func waitTime(d time.Duration) time.Duration {
	switch {
	case d <= 0:
		return DefaultWaitTime
	case d > MaxWaitTime:
		return MaxWaitTime
	}
	return d
}
