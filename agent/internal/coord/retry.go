package coord

import (
	"fmt"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// newRetry is the wait before each retry of a transient failure: RetryMin,
// then growing by half again each time up to RetryMax, forever, with up to
// half of each wait added or taken at random so boxes that failed together
// do not retry together; on the coordinator's clock.
func (c *Coordinator) newRetry() *backoff.ExponentialBackOff {
	jitter := backoff.DefaultRandomizationFactor
	if c.NoJitter {
		jitter = 0
	}
	return backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(RetryMin),
		backoff.WithMaxInterval(RetryMax),
		backoff.WithMaxElapsedTime(0),
		backoff.WithRandomizationFactor(jitter),
		backoff.WithClockProvider(c.Clock),
	)
}

// retryText is what the report says while a transient failure is retried.
func retryText(err error, wait time.Duration) string {
	return fmt.Sprintf("%v (retrying in %s)", err, wait.Round(100*time.Millisecond))
}
