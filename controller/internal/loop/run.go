package loop

import (
	"context"
	"errors"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/cenkalti/backoff/v4"
)

// Run runs passes until ctx ends, then releases the lock and returns nil.
// Between passes it waits for the pass's Next, or after a failed pass for
// the failure backoff, cut short by a wake signal or a lost lock. A held
// lock is renewed every LockRenew while waiting.
//
// When ctx ends Run starts no new pass, but a pass under way finishes: it
// runs on a context that ctx's cancellation reaches only PassGrace later
// (see Config.PassGrace), so shutdown does not cut a plan in half.
func (l *Loop) Run(ctx context.Context, wake <-chan struct{}) error {
	pacer := l.NewPacer()
	passCtx, stop := l.passContext(ctx)
	defer stop()
	for ctx.Err() == nil {
		rep := l.pass(passCtx)
		if ctx.Err() != nil {
			break
		}
		rep.Wait = pacer.After(rep)
		if !l.wait(ctx, wake, rep) {
			break
		}
	}
	if err := l.Release(context.WithoutCancel(ctx)); err != nil {
		l.cfg.Logger.WarnContext(ctx, "lock release failed", "service", l.cfg.Service, "error", err)
	}
	return nil
}

// retryAtOnce reports whether err means "the world moved; look again".
func retryAtOnce(err error) bool {
	return errors.Is(err, consulkv.ErrConflict) || errors.Is(err, execute.ErrPrecondition)
}

// wait arms the pass's timer, reports the pass, then waits; it reports
// false when ctx ended.
func (l *Loop) wait(ctx context.Context, wake <-chan struct{}, rep PassReport) bool {
	t := l.cfg.Clock.NewTimer(rep.Wait)
	defer t.Stop()
	renew := l.renewTimer()
	defer func() { renew.Stop() }()
	l.finish(ctx, rep)
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C():
			return true
		case <-wake:
			return true
		case <-l.lost():
			return true
		case <-renew.C():
			if !l.renewBetween(ctx) {
				return true
			}
			renew = l.renewTimer()
		}
	}
}

// renewTimer is a LockRenew timer while the lock is held, else one that
// never fires.
func (l *Loop) renewTimer() clock.Timer {
	if !l.Held() {
		return idleTimer{}
	}
	return l.cfg.Clock.NewTimer(l.cfg.LockRenew)
}

type idleTimer struct{}

func (idleTimer) C() <-chan time.Time { return nil }
func (idleTimer) Stop() bool          { return false }

// newBackOff is the pass-failure backoff: 1s doubling-ish to 1m, forever,
// on the loop's clock.
func (l *Loop) newBackOff() *backoff.ExponentialBackOff {
	opts := []backoff.ExponentialBackOffOpts{
		backoff.WithInitialInterval(time.Second),
		backoff.WithMaxInterval(time.Minute),
		backoff.WithMaxElapsedTime(0),
		backoff.WithClockProvider(backoffClock{l.cfg.Clock}),
	}
	if l.cfg.NoJitter {
		opts = append(opts, backoff.WithRandomizationFactor(0))
	}
	return backoff.NewExponentialBackOff(opts...)
}

// backoffClock adapts clock.Clock to backoff.Clock.
type backoffClock struct{ c clock.Clock }

func (b backoffClock) Now() time.Time { return b.c.Now() }
