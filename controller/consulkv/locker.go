package consulkv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
)

// Lock session defaults.
//
// DefaultLockTTL bounds how long a controller that died or lost Consul keeps
// its services locked: no other replica can take over until its session
// lapses (Consul expires it between TTL and 2×TTL). Rollouts wait on AWS for
// minutes, so 15 s of takeover delay is cheap, while a shorter TTL makes a
// slow Consul round trip or a GC pause cost a live controller its lock.
//
// DefaultLockDelay keeps the key unacquirable for that long after a session
// is invalidated, so a new holder cannot start acting while the old one may
// still be finishing a pass it began before it learned of the loss (it
// learns at its next renewal, at most TTL/3 later, and a pass's AWS calls
// take seconds). A clean Unlock starts no lock-delay.
const (
	DefaultLockTTL   = 15 * time.Second
	DefaultLockDelay = 15 * time.Second
)

// LockOptions tune the sessions behind per-service locks. Zero fields take
// the defaults above; a negative LockDelay disables lock-delay.
type LockOptions struct {
	TTL       time.Duration
	LockDelay time.Duration
}

// withDefaults fills unset fields.
func (o LockOptions) withDefaults() LockOptions {
	if o.TTL <= 0 {
		o.TTL = DefaultLockTTL
	}
	switch {
	case o.LockDelay == 0:
		o.LockDelay = DefaultLockDelay
	case o.LockDelay < 0:
		o.LockDelay = 0
	}
	return o
}

// RenewInterval is how often a holder should call Lock.Renew: a third of the
// TTL, so two renewals may fail before the lock is lost.
func (o LockOptions) RenewInterval() time.Duration { return o.withDefaults().TTL / 3 }

// sessionLocker is the Locker over a Backend's sessions.
type sessionLocker struct {
	b   Backend
	clk clock.Clock
	opt LockOptions
}

// NewLocker returns a Locker that takes api.KeyLock(svc) with one session per
// lock. clk times the local lease: a Lock reports itself lost once TTL has
// passed since the start of its last successful renewal, even when Consul
// cannot be reached to say so.
func NewLocker(b Backend, clk clock.Clock, opt LockOptions) Locker {
	return &sessionLocker{b: b, clk: clk, opt: opt.withDefaults()}
}

// TryLock takes the service's lock key, api.KeyLock(svc), with holder as
// its value.
func (l *sessionLocker) TryLock(ctx context.Context, svc, holder string) (Lock, bool, error) {
	if err := checkService(svc); err != nil {
		return nil, false, fmt.Errorf("lock: %w", err)
	}
	return l.TryAcquire(ctx, api.KeyLock(svc), holder, []byte(holder))
}

// TryAcquire creates a session named holder and acquires key with value.
// When the key is taken or in lock-delay it destroys the session again and
// returns ok=false.
func (l *sessionLocker) TryAcquire(ctx context.Context, key, holder string, value []byte) (Lock, bool, error) {
	if holder == "" {
		return nil, false, fmt.Errorf("lock %s: holder name required", key)
	}
	start := l.clk.Now()
	id, err := l.b.CreateSession(ctx, holder, l.opt.TTL, l.opt.LockDelay)
	if err != nil {
		return nil, false, fmt.Errorf("lock %s: create session: %w", key, err)
	}
	ok, err := l.b.Acquire(ctx, key, value, id)
	if err == nil && ok {
		return newSessionLock(l, key, id, start), true, nil
	}
	// Destroying the session also releases the key if a failed-looking
	// acquire did reach Consul.
	derr := l.b.DestroySession(context.WithoutCancel(ctx), id)
	if err != nil {
		return nil, false, fmt.Errorf("lock %s: acquire: %w", key, errors.Join(err, derr))
	}
	if derr != nil {
		return nil, false, fmt.Errorf("lock %s: not acquired; destroy session %s: %w", key, id, derr)
	}
	return nil, false, nil
}
