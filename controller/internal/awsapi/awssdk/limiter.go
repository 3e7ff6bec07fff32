package awssdk

import (
	"context"

	"github.com/asgctl/asgctl/controller/clock"
)

// Limiter is the client-side rate limiter the adapter puts in front of one
// throttling bucket.
type Limiter interface {
	// Wait takes one token, waiting for it on the clock; it returns ctx's
	// error if ctx ends first.
	Wait(ctx context.Context) error
}

// NewLimiter returns the adapter's token bucket for l on clock c (see
// tokenBucket), so the same limiter can be measured in front of another
// backend; l.Rate <= 0 gives a limiter that never waits.
func NewLimiter(c clock.Clock, l Limit) Limiter {
	if b := newTokenBucket(c, l); b != nil {
		return b
	}
	return unlimited{}
}

// unlimited never waits.
type unlimited struct{}

func (unlimited) Wait(ctx context.Context) error { return ctx.Err() }
