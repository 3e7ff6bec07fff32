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

func lockerContractTests() []contractTest {
	return []contractTest{
		{name: "Locker/Contend", run: testLockersContend},
		{name: "Locker/Race", run: testLockersRace},
		{name: "Locker/LostOnSessionDestroy", run: testLockLostOnDestroy},
		// Consul lets a TTL lapse between TTL and 2×TTL; Memory at TTL.
		{name: "Locker/ExpiresWithoutRenewal", timed: true, run: testLockExpires},
	}
}

// suiteLocker is a Locker on h with the suite's short lock-delay.
func suiteLocker(h *harness) Locker {
	return NewLocker(h.b, h.clk, LockOptions{TTL: 10 * time.Second, LockDelay: suiteLockDelay})
}

// tryLock calls TryLock for svc and fails the test on an error.
func tryLock(t *testing.T, l Locker, svc, holder string) (Lock, bool) {
	t.Helper()
	lk, ok, err := l.TryLock(context.Background(), svc, holder)
	if err != nil {
		t.Fatalf("TryLock(%s, %s): %v", svc, holder, err)
	}
	return lk, ok
}

func testLockersContend(t *testing.T, h *harness) {
	ctx := context.Background()
	a, b := suiteLocker(h), suiteLocker(h)
	la, ok := tryLock(t, a, "web", "ctl-a")
	if !ok {
		t.Fatal("first TryLock lost")
	}
	if _, ok := tryLock(t, b, "web", "ctl-b"); ok {
		t.Fatal("second holder took a held lock")
	}
	if e, _ := mustGet(t, h.b, api.KeyLock("web")); string(e.Value) != "ctl-a" || e.Session == "" {
		t.Fatalf("lock entry = %+v, want held with the holder's name", e)
	}
	if _, ok, err := b.TryAcquire(ctx, api.KeyLock("web"), "ctl-b", []byte("ctl-b")); ok || err != nil {
		t.Fatalf("TryAcquire of the held key = %v, %v; want false", ok, err)
	}
	if _, _, err := a.TryAcquire(ctx, "asgctl/x", "", nil); err == nil {
		t.Fatal("TryAcquire without a holder name")
	}
	if err := la.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	if !isClosed(la.Lost()) {
		t.Fatal("Lost still open after Unlock")
	}
	if err := la.Unlock(ctx); err != nil {
		t.Fatalf("second Unlock: %v", err)
	}
	// A clean Unlock starts no lock-delay: the other side takes over at once.
	if _, ok := tryLock(t, b, "web", "ctl-b"); !ok {
		t.Fatal("lock not free after Unlock")
	}
}

func testLockersRace(t *testing.T, h *harness) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := 0
	for i := range 8 {
		wg.Go(func() {
			_, ok, err := suiteLocker(h).TryLock(context.Background(), "web", fmt.Sprint("ctl-", i))
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

func testLockLostOnDestroy(t *testing.T, h *harness) {
	ctx := context.Background()
	la, _ := tryLock(t, suiteLocker(h), "lost", "ctl-a")
	if err := h.b.DestroySession(ctx, la.(*sessionLock).session); err != nil {
		t.Fatal(err)
	}
	if err := la.Renew(ctx); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("Renew = %v, want ErrSessionInvalid", err)
	}
	if !isClosed(la.Lost()) {
		t.Fatal("Lost open after the session was reported invalid")
	}
	b := suiteLocker(h)
	if _, ok := tryLock(t, b, "lost", "ctl-b"); ok {
		t.Fatal("took the lock during lock-delay")
	}
	h.advance(suiteLockDelay)
	eventually(t, h, 2*time.Second, "lock free after lock-delay", func() bool {
		_, ok := tryLock(t, b, "lost", "ctl-b")
		return ok
	})
	if err := la.Unlock(ctx); err != nil {
		t.Fatalf("Unlock of a lost lock: %v", err)
	}
	if e, _ := mustGet(t, h.b, api.KeyLock("lost")); e.Session == "" || string(e.Value) != "ctl-b" {
		t.Fatalf("the old holder's Unlock touched the new holder's lock: %+v", e)
	}
}

// testLockExpires: a renewal keeps the lock past its first TTL; without
// more renewals the local lease ends TTL after the last one (Lost closes,
// Renew fails) and, once Consul lets the session lapse and the lock-delay
// passes, another holder takes over.
func testLockExpires(t *testing.T, h *harness) {
	ctx := context.Background()
	const ttl = 10 * time.Second
	a, b := suiteLocker(h), suiteLocker(h)
	la, _ := tryLock(t, a, "expiry", "ctl-a")
	h.advance(5 * time.Second)
	if err := la.Renew(ctx); err != nil {
		t.Fatal(err)
	}
	h.advance(6 * time.Second) // past the first TTL, within the renewed one
	if isClosed(la.Lost()) {
		t.Fatal("renewed lock reported lost")
	}
	if _, ok := tryLock(t, b, "expiry", "ctl-b"); ok {
		t.Fatal("took a renewed lock")
	}
	h.advance(4 * time.Second) // TTL since the renewal: the lease is over
	recvWithin(t, h, la.Lost(), time.Second)
	if err := la.Renew(ctx); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("Renew after the lease ran out: %v", err)
	}
	// Consul may keep the session up to 2×TTL after the renewal, then
	// the lock-delay runs.
	h.advance(suiteLockDelay)
	eventually(t, h, ttl+5*time.Second, "another holder takes the lapsed lock", func() bool {
		_, ok := tryLock(t, b, "expiry", "ctl-b")
		return ok
	})
}
