package consulkv

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// sessionLock is a held lock: one session holding one key. It keeps a local
// lease (TTL from the start of the last successful renewal) and closes Lost
// when the lease runs out, when Consul says the session is gone, or on
// Unlock.
type sessionLock struct {
	b        Backend
	clk      clock.Clock
	ttl      time.Duration
	key      string
	session  string
	lost     chan struct{}
	mu       sync.Mutex
	isLost   bool
	unlocked bool
	// stopWatch ends the current lease watchdog; nil when none runs.
	stopWatch chan struct{}
}

// newSessionLock returns the lock for a session acquired at start.
func newSessionLock(l *sessionLocker, key, session string, start time.Time) *sessionLock {
	lk := &sessionLock{
		b: l.b, clk: l.clk, ttl: l.opt.TTL,
		key: key, session: session, lost: make(chan struct{}),
	}
	lk.mu.Lock()
	lk.watch(start)
	lk.mu.Unlock()
	return lk
}

// Lost is closed once the lock is known or presumed lost, or unlocked.
func (l *sessionLock) Lost() <-chan struct{} { return l.lost }

// Renew renews the session. When Consul reports the session invalid, or the
// local lease ran out first, it closes Lost and returns an error wrapping
// ErrSessionInvalid; once lost, a lock stays lost. Other errors (Consul
// unreachable) are returned as they are: the lease watchdog closes Lost if
// renewals keep failing for a whole TTL.
func (l *sessionLock) Renew(ctx context.Context) error {
	if l.isLostNow() {
		return fmt.Errorf("renew lock %s: lock lost: %w", l.key, ErrSessionInvalid)
	}
	start := l.clk.Now()
	err := l.b.RenewSession(ctx, l.session)
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case errors.Is(err, ErrSessionInvalid):
		l.markLost()
		return fmt.Errorf("renew lock %s: %w", l.key, err)
	case err != nil:
		return fmt.Errorf("renew lock %s: %w", l.key, err)
	case l.isLost:
		return fmt.Errorf("renew lock %s: lease ran out before the renewal: %w", l.key, ErrSessionInvalid)
	}
	l.watch(start)
	return nil
}

// Unlock releases the key and destroys the session. Lost closes at once; a
// failed Unlock may be retried, and Unlock after success is a no-op.
func (l *sessionLock) Unlock(ctx context.Context) error {
	l.mu.Lock()
	if l.unlocked {
		l.mu.Unlock()
		return nil
	}
	l.markLost()
	l.mu.Unlock()
	_, rerr := l.b.Release(ctx, l.key, l.session)
	derr := l.b.DestroySession(ctx, l.session)
	if err := errors.Join(rerr, derr); err != nil {
		return fmt.Errorf("unlock %s: %w", l.key, err)
	}
	l.mu.Lock()
	l.unlocked = true
	l.mu.Unlock()
	return nil
}

// isLostNow reports whether Lost is closed (lost or unlocked).
func (l *sessionLock) isLostNow() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.isLost
}
