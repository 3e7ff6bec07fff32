package rotate

import (
	"context"
	"fmt"
	"time"
)

// Drain takes backend index out of rotation and waits until its in-flight
// count is zero. It returns an ErrDrainTimeout error if requests are still
// running after the drain timeout, or ctx's error; either way the backend
// stays out of rotation.
func (b *Builtin) Drain(ctx context.Context, index int) error {
	be, err := b.pool.get(index)
	if err != nil {
		return fmt.Errorf("drain: %w", err)
	}
	start := time.Now()
	idle := be.disable()
	t := time.NewTimer(b.drainTimeout)
	defer t.Stop()
	select {
	case <-idle:
		b.log.Info("backend drained", "backend", index, "took", time.Since(start))
		return nil
	case <-t.C:
		return fmt.Errorf("drain backend %d: %d in flight after %s: %w",
			index, be.inFlight(), b.drainTimeout, ErrDrainTimeout)
	case <-ctx.Done():
		return fmt.Errorf("drain backend %d: %w", index, ctx.Err())
	}
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
