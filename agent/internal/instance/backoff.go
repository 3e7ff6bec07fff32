package instance

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// retry calls call until it succeeds, fails with an error that is not
// worth retrying, c's attempts run out or ctx ends; it returns the last
// error.
func (c *Completer) retry(ctx context.Context, log *slog.Logger, call func() error) error {
	wait := c.Backoff
	if wait <= 0 {
		wait = DefaultBackoff
	}
	attempts := c.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	for n := 1; ; n++ {
		err := call()
		if err == nil || classify(err) != classRetry || n >= attempts {
			return err
		}
		d := jitter(wait)
		log.Info("retrying after a transient error", "attempt", n, "wait", d, "error", err)
		if err := sleep(ctx, c.clock(), d); err != nil {
			return err
		}
		wait = min(2*wait, defaultMaxBackoff)
	}
}

// jitter returns a wait between d/2 and d, so instances booting together
// spread their retries over the account-wide Auto Scaling request bucket.
func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d/2+1)
}

// sleep waits d on clk or until ctx ends.
func sleep(ctx context.Context, clk clock.Clock, d time.Duration) error {
	t := clk.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// clock returns c.Clock or the wall clock.
func (c *Completer) clock() clock.Clock {
	if c.Clock != nil {
		return c.Clock
	}
	return clock.Real{}
}
