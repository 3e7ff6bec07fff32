package consulkv

import (
	"context"
	"errors"
	"testing"
	"time"
)

// mustTryLock calls TryLock and fails the test on an error.
func mustTryLock(t *testing.T, l Locker, holder string) (Lock, bool) {
	t.Helper()
	lk, ok, err := l.TryLock(context.Background(), "web", holder)
	if err != nil {
		t.Fatalf("TryLock(%s): %v", holder, err)
	}
	return lk, ok
}

// isClosed reports whether ch is closed, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestLockExpiresWithoutRenewal(t *testing.T) {
	ctx := context.Background()
	m, clk := newMemory()
	a, b := NewLocker(m, clk, LockOptions{}), NewLocker(m, clk, LockOptions{})
	la, _ := mustTryLock(t, a, "ctl-a")

	clk.Advance(10 * time.Second)
	if err := la.Renew(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Advance(10 * time.Second)
	if isClosed(la.Lost()) {
		t.Fatal("renewed lock reported lost")
	}
	if _, ok := mustTryLock(t, b, "ctl-b"); ok {
		t.Fatal("took a renewed lock")
	}

	clk.Advance(5 * time.Second) // 15s since the last renewal
	<-la.Lost()
	if err := la.Renew(ctx); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("Renew after expiry: %v", err)
	}
	if _, ok := mustTryLock(t, b, "ctl-b"); ok {
		t.Fatal("took the lock during lock-delay")
	}
	clk.Advance(DefaultLockDelay - time.Nanosecond)
	if _, ok := mustTryLock(t, b, "ctl-b"); ok {
		t.Fatal("took the lock during lock-delay")
	}
	clk.Advance(time.Nanosecond)
	if _, ok := mustTryLock(t, b, "ctl-b"); !ok {
		t.Fatal("lock not free after lock-delay")
	}
}

func TestLockLeaseRunsOutWhileConsulFails(t *testing.T) {
	ctx := context.Background()
	m, clk := newMemory()
	la, _ := mustTryLock(t, NewLocker(m, clk, LockOptions{TTL: 30 * time.Second}), "ctl-a")
	errDown := errors.New("consul unreachable")
	m.SetInterceptor(func(op, _ string) error {
		if op == OpRenewSession {
			return errDown
		}
		return nil
	})
	clk.Advance(20 * time.Second)
	if err := la.Renew(ctx); !errors.Is(err, errDown) || errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("Renew = %v, want the transport error", err)
	}
	if isClosed(la.Lost()) {
		t.Fatal("one failed renewal lost the lock")
	}
	clk.Advance(10 * time.Second)
	<-la.Lost() // the local lease ran out
}

func TestUnlockRetriesAfterFailure(t *testing.T) {
	ctx := context.Background()
	m, clk := newMemory()
	la, _ := mustTryLock(t, NewLocker(m, clk, LockOptions{LockDelay: -1}), "ctl-a")
	errDown := errors.New("consul unreachable")
	m.SetInterceptor(func(string, string) error { return errDown })
	if err := la.Unlock(ctx); !errors.Is(err, errDown) {
		t.Fatalf("Unlock = %v, want the transport error", err)
	}
	if !isClosed(la.Lost()) {
		t.Fatal("Lost open after Unlock")
	}
	m.SetInterceptor(nil)
	if err := la.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := mustTryLock(t, NewLocker(m, clk, LockOptions{}), "ctl-b"); !ok {
		t.Fatal("lock not free after a retried Unlock")
	}
}

func TestFailedTryLockLeavesNoSession(t *testing.T) {
	m, clk := newMemory()
	mustTryLock(t, NewLocker(m, clk, LockOptions{}), "ctl-a")
	if _, ok := mustTryLock(t, NewLocker(m, clk, LockOptions{}), "ctl-b"); ok {
		t.Fatal("second holder took a held lock")
	}
	if n := len(m.sessions); n != 1 {
		t.Fatalf("%d sessions left, want only the holder's", n)
	}
}
