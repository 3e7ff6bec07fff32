package awssdk

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// tokenBucket is a client-side rate limiter on an injected clock. A caller
// that finds the bucket empty takes a token on credit and waits until the
// refill has paid it back, so waiters are served in arrival order and the
// long-run rate never exceeds the limit. A nil *tokenBucket never waits.
type tokenBucket struct {
	clock clock.Clock
	rate  float64 // tokens per second
	burst float64

	mu     sync.Mutex
	tokens float64 // negative while callers wait on credit
	last   time.Time
}

// newTokenBucket returns a full bucket for l, or nil when l.Rate <= 0.
func newTokenBucket(c clock.Clock, l Limit) *tokenBucket {
	if l.Rate <= 0 {
		return nil
	}
	burst := float64(max(l.Burst, 1))
	return &tokenBucket{clock: c, rate: l.Rate, burst: burst, tokens: burst, last: c.Now()}
}

// Wait takes one token, waiting for it on the clock; it returns ctx's error
// (and gives the token back) if ctx ends first.
func (b *tokenBucket) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if b == nil {
		return nil
	}
	d := b.reserve()
	if d <= 0 {
		return nil
	}
	t := b.clock.NewTimer(d)
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		t.Stop()
		b.giveBack()
		return ctx.Err()
	}
}

// reserve takes a token, on credit if need be, and returns how long the
// caller must wait before using it.
func (b *tokenBucket) reserve() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refillLocked()
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(math.Ceil(-b.tokens / b.rate * float64(time.Second)))
}

// giveBack returns a token taken by a caller that stopped waiting.
func (b *tokenBucket) giveBack() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refillLocked()
	b.tokens = min(b.burst, b.tokens+1)
}

func (b *tokenBucket) refillLocked() {
	now := b.clock.Now()
	if now.After(b.last) {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
}
