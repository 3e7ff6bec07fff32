package consulkv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v4"

	"github.com/asgctl/asgctl/controller/clock"
)

// Semaphore defaults. DefaultSemaphoreWaitTime bounds each blocking query of
// a waiting contender, so a limit that depends on the fleet is recomputed at
// least that often even when nothing under the prefix changes.
const (
	DefaultSemaphoreWaitTime = 10 * time.Second
	// semaphoreBackoff and semaphoreMaxBackoff pace retries after Consul
	// errors: the first wait, doubling (±50 % jitter) up to the cap.
	semaphoreBackoff    = 500 * time.Millisecond
	semaphoreMaxBackoff = 10 * time.Second
)

// SemaphoreOptions tune a Semaphore. Zero fields take the defaults.
type SemaphoreOptions struct {
	// TTL is each contender session's TTL (default DefaultLockTTL). The
	// session is renewed every TTL/3 while waiting and while held; a
	// holder that dies frees its slot when Consul ends its session.
	TTL time.Duration
	// WaitTime bounds each blocking query while waiting (default
	// DefaultSemaphoreWaitTime), so the limit is recomputed at least that
	// often.
	WaitTime time.Duration
	// Logger hears of retried Consul errors (nil: discarded).
	Logger *slog.Logger
	// ConsulFlag marks the record with Consul's semaphore flag, which
	// Consul's own semaphore client requires before it shares the prefix
	// (over the Consul backend only). Off, the record is a plain value,
	// which every Consul-compatible store keeps (the sandbox's Consul
	// facade stores no flags and refuses writes that carry one).
	ConsulFlag bool
}

// Semaphore is a counting semaphore over a Backend, in the layout of
// Consul's own semaphore (github.com/hashicorp/consul/api Semaphore):
// under the prefix P each contender makes a session and acquires the key
// P + <session id> with it, its value the holder's name; the key P + ".lock"
// holds {"Limit": n, "Holders": {"<session id>": true, ...}}, only ever
// written with check-and-set. A contender is granted a slot when, after
// pruning holders whose contender key is gone or no longer held by its
// session, fewer than the limit remain; it then adds itself to the record.
//
// Unlike Consul's client, the limit is recomputed on every attempt and
// written into the record (not checked against it), and sessions have
// behaviour "release": a dead contender's key stays behind without a
// session, counts as dead, and is deleted by the next contender that sees
// it. Consul's own client interoperates while every party uses the same
// limit (it refuses a record whose Limit differs from its own) and only
// over the Consul backend, which marks the record with Consul's semaphore
// flag as that client requires.
//
// A Semaphore holds only its settings: each Acquire is a contender of its
// own, with its own session.
type Semaphore struct {
	b      Backend
	clk    clock.Clock
	prefix string
	holder string
	opt    SemaphoreOptions
	log    *slog.Logger
	// locks makes each contender's sessionLock: the local lease on clk.
	locks *sessionLocker
}

// NewSemaphore returns the semaphore at prefix ("asgctl/semaphores/web/";
// a missing trailing '/' is added) whose contenders are named holder (an
// instance id, say). clk drives renewals, the local lease and retry
// backoff.
func NewSemaphore(b Backend, clk clock.Clock, prefix, holder string, opt SemaphoreOptions) (*Semaphore, error) {
	p, err := semaphorePrefix(prefix)
	if err != nil {
		return nil, err
	}
	if holder == "" {
		return nil, fmt.Errorf("semaphore %s: holder name required (the instance id, say)", p)
	}
	if opt, err = opt.withDefaults(); err != nil {
		return nil, fmt.Errorf("semaphore %s: %w", p, err)
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Semaphore{
		b: b, clk: clk, prefix: p, holder: holder, opt: opt,
		log:   log.With("semaphore", p, "holder", holder),
		locks: &sessionLocker{b: b, clk: clk, opt: LockOptions{TTL: opt.TTL}},
	}, nil
}

// semaphorePrefix checks a prefix and gives it its trailing '/'.
func semaphorePrefix(prefix string) (string, error) {
	switch {
	case prefix == "" || prefix == "/":
		return "", fmt.Errorf("semaphore prefix required (e.g. \"asgctl/semaphores/web/\")")
	case strings.HasPrefix(prefix, "/"):
		return "", fmt.Errorf("semaphore prefix %q must not begin with '/'", prefix)
	case !strings.HasSuffix(prefix, "/"):
		prefix += "/"
	}
	return prefix, nil
}

// withDefaults fills unset fields and rejects what Consul would.
func (o SemaphoreOptions) withDefaults() (SemaphoreOptions, error) {
	if o.TTL == 0 {
		o.TTL = DefaultLockTTL
	}
	if o.WaitTime == 0 {
		o.WaitTime = DefaultSemaphoreWaitTime
	}
	if o.TTL < SessionTTLMin || o.TTL > SessionTTLMax {
		return o, fmt.Errorf("session TTL %s must be between %s and %s", o.TTL, SessionTTLMin, SessionTTLMax)
	}
	if o.WaitTime < 0 || o.WaitTime > MaxWaitTime {
		return o, fmt.Errorf("wait time %s must be between 0 (default %s) and %s", o.WaitTime, DefaultSemaphoreWaitTime, MaxWaitTime)
	}
	return o, nil
}

// Prefix is the semaphore's prefix, with its trailing '/'.
func (s *Semaphore) Prefix() string { return s.prefix }

// errRejoin means the contender's session ended while it waited: start
// over with a new session.
var errRejoin = errors.New("semaphore contender session ended")

// Acquire blocks until a slot is granted, and returns it, or until ctx ends
// (an error wrapping ctx's). limit is called on every attempt: at the
// start, whenever the prefix changes, and at least every WaitTime. A
// percentage limit is thus taken against the instances alive at each
// attempt; a smaller limit stops new grants until the holders drop below
// it (holders keep their slots), a larger one grants more at once. A limit
// below 1 grants nothing.
//
// Consul errors, and limit's errors, are retried with capped exponential
// backoff with jitter on the clock; they are logged, never returned. A
// session that ends while waiting is replaced by a new one. Besides ctx's,
// the only errors are a nil limit and a semaphore record that is not the
// semaphore's JSON (the error names the key and the fix). When Acquire
// fails it removes its contender key and session; if that cleanup fails
// too, the session lapses within its TTL and the next contender deletes
// the key left behind.
func (s *Semaphore) Acquire(ctx context.Context, limit func(ctx context.Context) (int, error)) (*Slot, error) {
	if limit == nil {
		return nil, fmt.Errorf("acquire semaphore %s: limit function required", s.prefix)
	}
	bo := s.newBackoff()
	for {
		c, err := s.enter(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, s.ctxErr(ctx)
			}
			if err := s.retryAfter(ctx, bo, "enter", err); err != nil {
				return nil, err
			}
			continue
		}
		slot, err := s.wait(ctx, c, limit, bo)
		if err == nil {
			return slot, nil
		}
		s.abandon(ctx, c)
		switch {
		case ctx.Err() != nil:
			return nil, s.ctxErr(ctx)
		case !errors.Is(err, errRejoin):
			return nil, err
		}
		s.log.Info("semaphore session ended while waiting; rejoining with a new session", "session", c.session)
	}
}

// newBackoff is the retry pacing of one Acquire, on s.clk.
func (s *Semaphore) newBackoff() *backoff.ExponentialBackOff {
	return backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(semaphoreBackoff),
		backoff.WithMultiplier(2),
		backoff.WithRandomizationFactor(0.5),
		backoff.WithMaxInterval(semaphoreMaxBackoff),
		backoff.WithMaxElapsedTime(0),
		backoff.WithClockProvider(s.clk),
	)
}

// retryAfter logs a transient error of step and waits out the next backoff;
// it returns ctx's error if ctx ends first.
func (s *Semaphore) retryAfter(ctx context.Context, bo *backoff.ExponentialBackOff, step string, err error) error {
	d := bo.NextBackOff()
	s.log.Warn("semaphore: will retry", "step", step, "retry_in", d, "error", err)
	t := s.clk.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return s.ctxErr(ctx)
	case <-t.C():
		return nil
	}
}

// ctxErr is ctx's error, saying what was cut short.
func (s *Semaphore) ctxErr(ctx context.Context) error {
	return fmt.Errorf("acquire semaphore %s: %w", s.prefix, ctx.Err())
}

// abandon cleans up after a contender that gave up or whose session ended:
// it leaves the record and deletes its key, even after ctx ended.
func (s *Semaphore) abandon(ctx context.Context, c *contender) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err := c.leave(cctx); err != nil {
		s.log.Warn("semaphore: cleanup failed; the session lapses within its TTL", "session", c.session, "error", err)
	}
}

// cleanupTimeout bounds the cleanup of an abandoned contender.
const cleanupTimeout = 10 * time.Second
