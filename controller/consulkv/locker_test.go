package consulkv

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
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

func TestLockersContend(t *testing.T) {
	m, clk := newMemory()
	a, b := NewLocker(m, clk, LockOptions{}), NewLocker(m, clk, LockOptions{})
	la, ok := mustTryLock(t, a, "ctl-a")
	if !ok {
		t.Fatal("first TryLock lost")
	}
	if _, ok := mustTryLock(t, b, "ctl-b"); ok {
		t.Fatal("second holder took a held lock")
	}
	if e, _ := mustGet(t, m, api.KeyLock("web")); string(e.Value) != "ctl-a" {
		t.Fatalf("lock value = %q, want the holder", e.Value)
	}
	if n := len(m.sessions); n != 1 {
		t.Fatalf("%d sessions left, want only the holder's", n)
	}

	// A clean Unlock starts no lock-delay: the other side takes over at once.
	if err := la.Unlock(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !isClosed(la.Lost()) {
		t.Fatal("Lost still open after Unlock")
	}
	if err := la.Unlock(context.Background()); err != nil {
		t.Fatalf("second Unlock: %v", err)
	}
	if _, ok := mustTryLock(t, b, "ctl-b"); !ok {
		t.Fatal("lock not free after Unlock")
	}
}

func TestLockersRace(t *testing.T) {
	m, clk := newMemory()
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := 0
	for i := range 8 {
		wg.Go(func() {
			_, ok, err := NewLocker(m, clk, LockOptions{}).TryLock(context.Background(), "web", fmt.Sprint("ctl-", i))
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if ok {
				winners++
			}
		})
	}
	wg.Wait()
	if winners != 1 {
		t.Fatalf("%d winners, want 1", winners)
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

func TestLockRenewSeesInvalidSession(t *testing.T) {
	ctx := context.Background()
	m, clk := newMemory()
	la, _ := mustTryLock(t, NewLocker(m, clk, LockOptions{}), "ctl-a")
	if err := m.DestroySession(ctx, la.(*sessionLock).session); err != nil {
		t.Fatal(err)
	}
	if err := la.Renew(ctx); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("Renew = %v, want ErrSessionInvalid", err)
	}
	if !isClosed(la.Lost()) {
		t.Fatal("Lost open after the session was reported invalid")
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
