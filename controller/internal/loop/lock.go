package loop

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// holdLock makes sure the service lock is held: renew it when held, try to
// take it when not. A lock found lost is dropped (held false, no error); a
// renewal that fails for another reason fails the pass but keeps the lock,
// since the session may well still be alive.
func (l *Loop) holdLock(ctx context.Context) (held bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	svc := l.cfg.Service
	if l.lock != nil {
		err := l.renewLocked(ctx)
		if err != nil && !errors.Is(err, consulkv.ErrSessionInvalid) {
			return false, fmt.Errorf("renew lock of %q: %w", svc, err)
		}
		return l.lock != nil, nil
	}
	lk, ok, err := l.cfg.Locker.TryLock(ctx, svc, l.cfg.Holder)
	if err != nil {
		return false, fmt.Errorf("take lock of %q: %w", svc, err)
	}
	if !ok {
		return false, nil
	}
	l.lock = lk
	l.cfg.Logger.InfoContext(ctx, "lock acquired", "service", svc, "holder", l.cfg.Holder)
	return true, nil
}

// renewLocked renews the held lock, dropping it when it is lost. Callers
// hold l.mu and a lock.
func (l *Loop) renewLocked(ctx context.Context) error {
	err := errLost(l.lock)
	if err == nil {
		err = l.lock.Renew(ctx)
	}
	if errors.Is(err, consulkv.ErrSessionInvalid) {
		l.lock = nil
		l.cfg.Logger.WarnContext(ctx, "lock lost", "service", l.cfg.Service, "holder", l.cfg.Holder, "error", err)
	}
	return err
}

// errLost is ErrSessionInvalid when the lock reports itself lost.
func errLost(lk consulkv.Lock) error {
	select {
	case <-lk.Lost():
		return consulkv.ErrSessionInvalid
	default:
		return nil
	}
}

// lost returns the held lock's Lost channel, nil (never ready) when none.
func (l *Loop) lost() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lock == nil {
		return nil
	}
	return l.lock.Lost()
}

// renewBetween renews a held lock between passes; it reports whether the
// loop should keep waiting (false: the lock is gone or renewal failed, so
// run a pass now).
func (l *Loop) renewBetween(ctx context.Context) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lock == nil {
		return true
	}
	return l.renewLocked(ctx) == nil
}

// Held reports whether the loop currently holds the service lock (as far
// as it knows).
func (l *Loop) Held() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lock != nil
}

// Release lets go of the lock, if held.
func (l *Loop) Release(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lock == nil {
		return nil
	}
	lk := l.lock
	l.lock = nil
	if err := lk.Unlock(ctx); err != nil {
		return fmt.Errorf("release lock of %q: %w", l.cfg.Service, err)
	}
	l.cfg.Logger.InfoContext(ctx, "lock released", "service", l.cfg.Service, "holder", l.cfg.Holder)
	return nil
}
