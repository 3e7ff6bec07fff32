package daemon

import (
	"context"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// Retry pacing: failures are retried after a delay that doubles from
// firstRetry up to maxRetry, forever.
const (
	firstRetry = time.Second
	maxRetry   = 30 * time.Second
)

// retryDelay is a capped doubling delay; the zero value starts at firstRetry.
type retryDelay struct{ cur time.Duration }

// next returns the delay before the next attempt after a failure.
func (r *retryDelay) next() time.Duration {
	if r.cur == 0 {
		r.cur = firstRetry
	} else {
		r.cur = min(2*r.cur, maxRetry)
	}
	return r.cur
}

// sleep waits d on clk; it reports false when ctx ended first.
func sleep(ctx context.Context, clk clock.Clock, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := clk.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C():
		return true
	}
}

// withTimeout is context.WithTimeout on clk.
func withTimeout(ctx context.Context, clk clock.Clock, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	t := clk.NewTimer(d)
	go func() {
		defer t.Stop()
		select {
		case <-t.C():
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
