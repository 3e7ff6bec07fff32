package consulkv

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Lock-delay used by the suite: long enough to observe, short enough that
// a rerun on the same Consul agent (which keeps lock-delays across resets)
// is not blocked by it.
const suiteLockDelay = 2 * time.Second

// missingSession is a well-formed session id no backend has issued.
const missingSession = "0badc0de-0000-4000-8000-000000000000"

func sessionContractTests() []contractTest {
	return []contractTest{
		{name: "Sessions/AcquireSemantics", run: testAcquireSemantics},
		{name: "Sessions/ReleaseAndDestroy", run: testReleaseAndDestroy},
		{name: "Sessions/RenewAndNoTTL", run: testSessionRenew},
		{name: "Sessions/CreateLimits", run: testCreateSessionLimits},
		// Consul lets a TTL lapse between TTL and 2×TTL; Memory at TTL.
		{name: "Sessions/ExpiryReleasesAndStartsLockDelay", timed: true, run: testSessionExpiry},
	}
}

func testAcquireSemantics(t *testing.T, h *harness) {
	ctx := context.Background()
	s1 := mustSession(t, h.b, 0, 0)
	if !acquire(t, h.b, "asgctl/lock", "v1", s1) {
		t.Fatal("acquire of a free key failed")
	}
	_, held := mustGet(t, h.b, "asgctl/lock")
	if !acquire(t, h.b, "asgctl/lock", "v1", s1) {
		t.Fatal("the holder could not acquire again")
	}
	if _, idx := mustGet(t, h.b, "asgctl/lock"); idx != held {
		t.Fatalf("acquiring again with the same value moved the index %d -> %d", held, idx)
	}
	if !acquire(t, h.b, "asgctl/lock", "v2", s1) {
		t.Fatal("the holder could not update the value")
	}
	mustPut(t, h.b, "asgctl/lock", "v3")
	if e, _ := mustGet(t, h.b, "asgctl/lock"); e.Session != s1 || string(e.Value) != "v3" {
		t.Fatalf("plain put on a held key: %+v; want the value written and the holder kept", e)
	}
	s2 := mustSession(t, h.b, 0, 0)
	if acquire(t, h.b, "asgctl/lock", "mine", s2) {
		t.Fatal("a second session took a held key")
	}
	if ok, err := h.b.Release(ctx, "asgctl/lock", s1); !ok || err != nil {
		t.Fatalf("release by the holder = %v, %v", ok, err)
	}
	if e, _ := mustGet(t, h.b, "asgctl/lock"); e.Session != "" || string(e.Value) != "v3" {
		t.Fatalf("after release: %+v; want free with the latest value kept", e)
	}
	if !acquire(t, h.b, "asgctl/lock", "v4", s1) {
		t.Fatal("the released key could not be taken again at once")
	}
	for _, bad := range []string{missingSession, "bogus"} {
		if _, err := h.b.Acquire(ctx, "asgctl/lock", nil, bad); !errors.Is(err, ErrSessionInvalid) {
			t.Fatalf("acquire with unknown session %q: %v", bad, err)
		}
	}
	if err := h.b.Delete(ctx, "asgctl/lock"); err != nil {
		t.Fatal(err)
	}
	if !acquire(t, h.b, "asgctl/lock", "mine", s2) {
		t.Fatal("a deleted key stayed locked")
	}
}

func testReleaseAndDestroy(t *testing.T, h *harness) {
	ctx := context.Background()
	release := func(key string) func(s string) error {
		return func(s string) error {
			ok, err := h.b.Release(ctx, key, s)
			if err == nil && !ok {
				err = errors.New("release by the holder returned false")
			}
			return err
		}
	}
	destroy := func(s string) error { return h.b.DestroySession(ctx, s) }
	tests := []struct {
		name      string
		key       string
		delay     time.Duration
		let       func(s string) error
		lockDelay bool // whether letting go starts the lock-delay
	}{
		{"clean release starts no lock-delay", "asgctl/test/release", suiteLockDelay, release("asgctl/test/release"), false},
		{"destroy starts lock-delay", "asgctl/test/destroy", suiteLockDelay, destroy, true},
		{"destroy with a zero lock-delay has none", "asgctl/test/destroy-0", 0, destroy, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s1 := mustSession(t, h.b, 15*time.Second, tc.delay)
			s2 := mustSession(t, h.b, 0, 0)
			acquire(t, h.b, tc.key, "one", s1)
			_, held := mustGet(t, h.b, tc.key)
			if ok, err := h.b.Release(ctx, tc.key, s2); ok || err != nil {
				t.Fatalf("release by a non-holder = %v, %v", ok, err)
			}
			if err := tc.let(s1); err != nil {
				t.Fatal(err)
			}
			if e, idx := mustGet(t, h.b, tc.key); e.Session != "" || string(e.Value) != "one" || idx <= held {
				t.Fatalf("after letting go: %+v at %d; want released, value kept, index past %d", e, idx, held)
			}
			if got := acquire(t, h.b, tc.key, "two", s2); got == tc.lockDelay {
				t.Fatalf("immediate re-acquire = %v, want %v", got, !tc.lockDelay)
			}
			if tc.lockDelay {
				h.advance(tc.delay)
				eventually(t, h, 2*time.Second, "re-acquire after lock-delay", func() bool {
					return acquire(t, h.b, tc.key, "two", s2)
				})
			}
		})
	}
	if ok, err := h.b.Release(ctx, "asgctl/test/absent", missingSession); ok || err != nil {
		t.Fatalf("release of an absent key = %v, %v", ok, err)
	}
	if err := h.b.DestroySession(ctx, missingSession); err != nil {
		t.Fatalf("destroying an unknown session: %v", err)
	}
}

func testSessionRenew(t *testing.T, h *harness) {
	ctx := context.Background()
	s := mustSession(t, h.b, 10*time.Second, 0)
	forever := mustSession(t, h.b, 0, 0)
	_, before := mustGet(t, h.b, "asgctl/x")
	if err := h.b.RenewSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, after := mustGet(t, h.b, "asgctl/x"); after != before {
		t.Fatalf("renew moved the index %d -> %d", before, after)
	}
	if err := h.b.RenewSession(ctx, forever); err != nil {
		t.Fatalf("renew a session without TTL: %v", err)
	}
	if err := h.b.DestroySession(ctx, s); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{s, missingSession} {
		if err := h.b.RenewSession(ctx, id); !errors.Is(err, ErrSessionInvalid) {
			t.Fatalf("renew %s: %v; want ErrSessionInvalid", id, err)
		}
	}
}

func testCreateSessionLimits(t *testing.T, h *harness) {
	tests := []struct {
		name       string
		ttl, delay time.Duration
		ok         bool
	}{
		{"no ttl", 0, 0, true},
		{"min ttl, max delay", 10 * time.Second, 60 * time.Second, true},
		{"max ttl", 24 * time.Hour, time.Second, true},
		{"ttl below min", 5 * time.Second, 0, false},
		{"ttl above max", 25 * time.Hour, 0, false},
		{"delay above max", 15 * time.Second, 61 * time.Second, false},
		{"negative delay", 15 * time.Second, -time.Second, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := h.b.CreateSession(context.Background(), "s", tc.ttl, tc.delay)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if err == nil && id == "" {
				t.Fatal("no session id")
			}
		})
	}
}

// testSessionExpiry: an unrenewed session lapses (Memory at TTL, Consul
// within 2×TTL), releasing its key with the value kept, and the key's
// lock-delay runs from then. A blocking Get on the key sees the release.
func testSessionExpiry(t *testing.T, h *harness) {
	ctx := context.Background()
	const ttl, key = 10 * time.Second, "asgctl/test/expiry"
	s1 := mustSession(t, h.b, ttl, suiteLockDelay)
	s2 := mustSession(t, h.b, 0, 0)
	acquire(t, h.b, key, "one", s1)
	_, held := mustGet(t, h.b, key)
	ch := goGet(ctx, h.b, key, &QueryOptions{WaitIndex: held})

	h.advance(ttl - time.Second)
	if e, _ := mustGet(t, h.b, key); e.Session != s1 {
		t.Fatalf("released before the TTL: %+v", e)
	}
	notYet(t, ch, "blocking Get on the held key")
	if acquire(t, h.b, key, "two", s2) {
		t.Fatal("acquired a held key")
	}

	h.advance(time.Second)
	r := recvWithin(t, h, ch, ttl+5*time.Second)
	if r.err != nil || r.entry == nil || r.entry.Session != "" || string(r.entry.Value) != "one" || r.index <= held {
		t.Fatalf("after expiry: %+v; want released, value kept, index past %d", r, held)
	}
	if err := h.b.RenewSession(ctx, s1); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("renew expired session: %v", err)
	}
	// Lock-delay is checked first: during it even a dead session is only
	// refused, without an error.
	if ok, err := h.b.Acquire(ctx, key, nil, s1); ok || err != nil {
		t.Fatalf("acquire with the expired session during lock-delay = %v, %v; want false", ok, err)
	}
	if acquire(t, h.b, key, "two", s2) {
		t.Fatal("acquired during lock-delay")
	}
	h.advance(suiteLockDelay)
	eventually(t, h, 2*time.Second, "acquire after lock-delay", func() bool {
		_, err := h.b.Acquire(ctx, key, nil, s1)
		return errors.Is(err, ErrSessionInvalid)
	})
	if !acquire(t, h.b, key, "two", s2) {
		t.Fatal("the key stayed locked after lock-delay")
	}
}
