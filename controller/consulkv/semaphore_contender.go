package consulkv

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// contender is one Acquire's presence under the semaphore: its session,
// its contender key held by that session (a sessionLock, whose local lease
// runs on the clock), and the goroutine renewing the session every TTL/3
// while it waits and while it holds a slot.
type contender struct {
	s         *Semaphore
	key       string
	session   string
	lk        *sessionLock
	stopRenew context.CancelFunc
	renewDone chan struct{}
}

// enter creates a session (lock-delay 0) and acquires the contender key
// prefix + <session id> with the holder's name as value, then starts
// renewing. On failure it destroys the session and deletes the key again.
func (s *Semaphore) enter(ctx context.Context) (*contender, error) {
	start := s.clk.Now()
	id, err := s.b.CreateSession(ctx, s.holder, s.opt.TTL, 0)
	if err != nil {
		return nil, fmt.Errorf("semaphore %s: create session: %w", s.prefix, err)
	}
	key := s.prefix + id
	ok, err := s.b.Acquire(ctx, key, []byte(s.holder), id)
	if err == nil && ok {
		return s.startContender(key, id, start), nil
	}
	if err == nil {
		err = errors.New("held by another session")
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	// Destroying the session releases the key if a failed-looking acquire
	// did reach Consul; the delete then removes it.
	derr := errors.Join(s.b.DestroySession(cctx, id), s.b.Delete(cctx, key))
	return nil, fmt.Errorf("semaphore %s: acquire contender key %s: %w", s.prefix, key, errors.Join(err, derr))
}

// startContender wraps an acquired contender key and starts its renewals.
func (s *Semaphore) startContender(key, session string, start time.Time) *contender {
	ctx, cancel := context.WithCancel(context.Background())
	c := &contender{
		s: s, key: key, session: session,
		lk:        newSessionLock(s.locks, key, session, start),
		stopRenew: cancel,
		renewDone: make(chan struct{}),
	}
	go c.renew(ctx, start)
	return c
}

// renew renews the session every TTL/3 from start, on the clock, until ctx
// ends or the lock is lost. The schedule is anchored at start, so a late
// goroutine renews at once rather than a whole interval late. A renewal
// that fails is tried again after TTL/15 (1 s at the default TTL), not a
// whole interval later, so a short Consul outage or a couple of failed
// calls do not let the session lapse. A session Consul reports invalid,
// or a lease that runs out while renewals fail, closes Lost (sessionLock
// does both).
func (c *contender) renew(ctx context.Context, start time.Time) {
	defer close(c.renewDone)
	clk, every := c.s.clk, c.s.opt.TTL/3
	next := start.Add(every)
	for {
		t := clk.NewTimer(next.Sub(clk.Now()))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-c.lk.Lost():
			t.Stop()
			return
		case <-t.C():
		}
		err := c.lk.Renew(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, ErrSessionInvalid):
			c.s.log.Warn("semaphore session lost", "session", c.session, "error", err)
			return
		case err != nil:
			c.s.log.Warn("semaphore session renewal failed; retrying", "session", c.session, "error", err)
			next = clk.Now().Add(c.s.opt.TTL / 15)
			continue
		}
		next = next.Add(every)
		if now := clk.Now(); next.Before(now) {
			next = now
		}
	}
}

// untilLost returns a context that also ends when c's session is lost, so
// a blocking read does not outlive the session it waits for.
func (c *contender) untilLost(ctx context.Context) (context.Context, context.CancelFunc) {
	wctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-c.lk.Lost():
			cancel()
		case <-wctx.Done():
		}
	}()
	return wctx, cancel
}

// isLost reports whether c's session is known or presumed lost.
func (c *contender) isLost() bool { return c.lk.isLostNow() }

// leave gives everything up: renewals stop, the session leaves the
// record (check-and-set), the contender key is deleted and the session
// destroyed. Each step is idempotent, and each is tried even when an
// earlier one failed: the key's deletion or the session's end alone frees
// the slot for the others, who prune it.
func (c *contender) leave(ctx context.Context) error {
	c.stopRenew()
	<-c.renewDone
	herr := c.s.removeHolder(ctx, c.session)
	kerr := c.s.b.Delete(ctx, c.key)
	if kerr != nil {
		kerr = fmt.Errorf("delete contender key: %w", kerr)
	}
	return errors.Join(herr, kerr, c.lk.Unlock(ctx))
}

// removeHolderAttempts bounds removeHolder's read-and-write retries.
const removeHolderAttempts = 10

// removeHolder takes session out of the semaphore record with
// check-and-set, re-reading on conflict; a record that does not list it
// is left alone.
func (s *Semaphore) removeHolder(ctx context.Context, session string) error {
	key := s.prefix + semaphoreRecordName
	for range removeHolderAttempts {
		e, _, err := s.b.Get(ctx, key, &QueryOptions{Consistent: true})
		if err != nil {
			return fmt.Errorf("leave semaphore record: %w", err)
		}
		if e == nil {
			return nil
		}
		rec, err := decodeSemaphoreRecord(e.Value)
		if err != nil {
			return fmt.Errorf("leave semaphore record %s: %w: %w", key, errBadSemaphoreRecord, err)
		}
		value, listed := withoutHolder(rec, session)
		if !listed {
			return nil
		}
		ok, err := s.casRecord(ctx, value, e.ModifyIndex)
		if err != nil {
			return fmt.Errorf("leave semaphore record: %w", err)
		}
		if ok {
			return nil
		}
	}
	return fmt.Errorf("leave semaphore record %s: it kept changing; gave up after %d attempts (the slot frees anyway once the contender key is gone)", key, removeHolderAttempts)
}
