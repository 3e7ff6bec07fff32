package consulkv

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSessionExpiryReleasesAndStartsLockDelay(t *testing.T) {
	ctx := context.Background()
	m, clk := newMemory()
	s1 := mustSession(t, m, 15*time.Second, 15*time.Second)
	s2 := mustSession(t, m, 0, 0)
	if !acquire(t, m, "lock", "one", s1) {
		t.Fatal("first acquire failed")
	}
	_, held := mustGet(t, m, "lock")

	clk.Advance(15*time.Second - time.Nanosecond)
	if e, _ := mustGet(t, m, "lock"); e.Session != s1 {
		t.Fatalf("released before the TTL: %+v", e)
	}
	if acquire(t, m, "lock", "two", s2) {
		t.Fatal("acquired a held key")
	}

	clk.Advance(time.Nanosecond)
	e, idx := mustGet(t, m, "lock")
	if e.Session != "" || string(e.Value) != "one" || idx <= held {
		t.Fatalf("after expiry: %+v index %d; want released, value kept, index past %d", e, idx, held)
	}
	if err := m.RenewSession(ctx, s1); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("renew expired session: %v", err)
	}
	if _, err := m.Acquire(ctx, "lock", nil, s1); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("acquire with expired session: %v", err)
	}

	clk.Advance(15*time.Second - time.Nanosecond)
	if acquire(t, m, "lock", "two", s2) {
		t.Fatal("acquired during lock-delay")
	}
	clk.Advance(time.Nanosecond)
	if !acquire(t, m, "lock", "two", s2) {
		t.Fatal("lock-delay still in force after it passed")
	}
}

func TestLazyExpiryCountsFromTheDeadline(t *testing.T) {
	m, clk := newMemory()
	s1 := mustSession(t, m, 10*time.Second, 15*time.Second)
	s2 := mustSession(t, m, 0, 0)
	acquire(t, m, "lock", "one", s1)
	clk.Advance(20 * time.Second) // expiry at 10s is noticed at 20s
	if acquire(t, m, "lock", "two", s2) {
		t.Fatal("acquired during lock-delay")
	}
	clk.Advance(5 * time.Second) // 10s + 15s: lock-delay over
	if !acquire(t, m, "lock", "two", s2) {
		t.Fatal("lock-delay was counted from when expiry was noticed")
	}
}

func TestSessionRenewAndNoTTL(t *testing.T) {
	ctx := context.Background()
	m, clk := newMemory()
	s := mustSession(t, m, 10*time.Second, 0)
	forever := mustSession(t, m, 0, 0)
	_, before := mustGet(t, m, "x")
	clk.Advance(8 * time.Second)
	if err := m.RenewSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, after := mustGet(t, m, "x"); after != before {
		t.Fatalf("renew moved the index %d -> %d", before, after)
	}
	clk.Advance(8 * time.Second)
	if err := m.RenewSession(ctx, s); err != nil {
		t.Fatalf("renewed session expired early: %v", err)
	}
	clk.Advance(48 * time.Hour)
	if err := m.RenewSession(ctx, forever); err != nil {
		t.Fatalf("session without TTL expired: %v", err)
	}
}

func TestReleaseAndDestroy(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		let       func(m *Memory, s string) error
		lockDelay bool
	}{
		{"clean release starts no lock-delay", func(m *Memory, s string) error {
			ok, err := m.Release(ctx, "lock", s)
			if err == nil && !ok {
				err = errors.New("release by the holder returned false")
			}
			return err
		}, false},
		{"destroy starts lock-delay", func(m *Memory, s string) error { return m.DestroySession(ctx, s) }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, clk := newMemory()
			s1 := mustSession(t, m, 15*time.Second, 15*time.Second)
			s2 := mustSession(t, m, 0, 0)
			acquire(t, m, "lock", "one", s1)
			if ok, _ := m.Release(ctx, "lock", s2); ok {
				t.Fatal("a non-holder released the key")
			}
			if err := tc.let(m, s1); err != nil {
				t.Fatal(err)
			}
			if e, _ := mustGet(t, m, "lock"); e.Session != "" || string(e.Value) != "one" {
				t.Fatalf("after letting go: %+v", e)
			}
			if got := acquire(t, m, "lock", "two", s2); got == tc.lockDelay {
				t.Fatalf("immediate re-acquire = %v, want %v", got, !tc.lockDelay)
			}
			clk.Advance(15 * time.Second)
			if !acquire(t, m, "lock", "two", s2) {
				t.Fatal("re-acquire after lock-delay failed")
			}
		})
	}
	m, _ := newMemory()
	if err := m.DestroySession(ctx, "no-such-session"); err != nil {
		t.Fatalf("destroying an unknown session: %v", err)
	}
}

func TestAcquireSemantics(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemory()
	s1 := mustSession(t, m, 0, 0)
	acquire(t, m, "lock", "v1", s1)
	if !acquire(t, m, "lock", "v2", s1) {
		t.Fatal("the holder could not acquire again")
	}
	mustPut(t, m, "lock", "v3")
	if e, _ := mustGet(t, m, "lock"); e.Session != s1 || string(e.Value) != "v3" {
		t.Fatalf("plain put on a held key: %+v; want the value written and the holder kept", e)
	}
	if _, err := m.Acquire(ctx, "lock", nil, "bogus"); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("acquire with unknown session: %v", err)
	}
	if err := m.Delete(ctx, "lock"); err != nil {
		t.Fatal(err)
	}
	s2 := mustSession(t, m, 0, 0)
	if !acquire(t, m, "lock", "mine", s2) {
		t.Fatal("a deleted key stayed locked")
	}
}

func TestCreateSessionLimits(t *testing.T) {
	tests := []struct {
		name       string
		ttl, delay time.Duration
		ok         bool
	}{
		{"no ttl", 0, 0, true},
		{"min ttl, max delay", 10 * time.Second, 60 * time.Second, true},
		{"ttl below min", 5 * time.Second, 0, false},
		{"ttl above max", 25 * time.Hour, 0, false},
		{"delay above max", 15 * time.Second, 61 * time.Second, false},
		{"negative delay", 15 * time.Second, -time.Second, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := newMemory()
			_, err := m.CreateSession(context.Background(), "s", tc.ttl, tc.delay)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
