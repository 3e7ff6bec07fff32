package rotate

import (
	"context"
	"fmt"
	"time"
)

// Drain takes backend index out of rotation and waits until nothing is in
// flight on it: ordinary requests for up to the drain timeout, upgraded
// connections and event streams (which may never end by themselves) for up
// to the long-lived cap, both measured from now. It returns nil when both
// counts reached zero; an ErrDrainTimeout error giving both counts when a
// cap passed first; or ctx's error. Either way the backend stays out of
// rotation.
func (b *Builtin) Drain(ctx context.Context, index int) error {
	be, err := b.pool.get(index)
	if err != nil {
		return fmt.Errorf("drain: %w", err)
	}
	start := time.Now()
	be.disable()
	ordinaryCap := time.NewTimer(b.drainTimeout)
	defer ordinaryCap.Stop()
	longCap := time.NewTimer(b.drainLongLived)
	defer longCap.Stop()
	var passed drainCaps
	for {
		counts, changed := be.watch()
		if !passed.waiting(counts) {
			return b.drainResult(index, counts, passed, time.Since(start))
		}
		select {
		case <-changed:
		case <-ordinaryCap.C:
			passed = drainCaps{ordinary: true, longLived: true} // the long-lived cap is never later
		case <-longCap.C:
			passed.longLived = true
			left := be.counts()
			b.log.Info("long-lived drain cap passed", "backend", index,
				"requests", left.ordinary, "long_lived", left.longLived)
		case <-ctx.Done():
			return fmt.Errorf("drain backend %d: %w", index, ctx.Err())
		}
	}
}

// drainResult logs a clean drain or describes what was left.
func (b *Builtin) drainResult(index int, left flightCounts, passed drainCaps, took time.Duration) error {
	if left.total() == 0 {
		b.log.Info("backend drained", "backend", index, "took", took)
		return nil
	}
	return fmt.Errorf("drain backend %d: %s still in flight after %s (%s): %w",
		index, left.describe(), took.Round(time.Millisecond),
		passed.describe(b.drainTimeout, b.drainLongLived), ErrDrainTimeout)
}

// Enable puts backend index back into rotation.
func (b *Builtin) Enable(_ context.Context, index int) error {
	be, err := b.pool.get(index)
	if err != nil {
		return fmt.Errorf("enable: %w", err)
	}
	be.setEnabled(true)
	b.log.Info("backend enabled", "backend", index)
	return nil
}

// Shutdown stops accepting connections and waits for active requests until
// ctx ends; upgraded (websocket) connections are not waited for.
func (b *Builtin) Shutdown(ctx context.Context) error {
	err := b.srv.Shutdown(ctx)
	b.transport.CloseIdleConnections()
	if err != nil {
		return fmt.Errorf("builtin rotation shutdown: %w", err)
	}
	return nil
}

// Close stops the proxy at once, closing all connections.
func (b *Builtin) Close() error {
	err := b.srv.Close()
	b.transport.CloseIdleConnections()
	if err != nil {
		return fmt.Errorf("builtin rotation close: %w", err)
	}
	return nil
}
