package bench

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
)

// tokenBucket mirrors awssdk's client-side limiter (awssdk/token_bucket.go,
// unexported there): a caller that finds the bucket empty takes a token on
// credit and waits until the refill has paid it back. The fleet benchmark
// puts it in front of simaws with awssdk.DefaultLimits(), because the real
// one can only wrap the real SDK clients. A nil *tokenBucket never waits.
type tokenBucket struct {
	clock clock.Clock
	rate  float64
	burst float64

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

func newTokenBucket(c clock.Clock, l awssdk.Limit) *tokenBucket {
	if l.Rate <= 0 {
		return nil
	}
	burst := float64(max(l.Burst, 1))
	return &tokenBucket{clock: c, rate: l.Rate, burst: burst, tokens: burst, last: c.Now()}
}

// Wait takes one token, waiting for it on the clock.
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
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		b.giveBack()
		return ctx.Err()
	}
}

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
