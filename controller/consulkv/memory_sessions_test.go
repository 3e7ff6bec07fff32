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
	if ok, err := m.Acquire(ctx, "lock", nil, s1); ok || err != nil {
		t.Fatalf("acquire with expired session during lock-delay = %v, %v; want false (Consul checks lock-delay first)", ok, err)
	}

	clk.Advance(15*time.Second - time.Nanosecond)
	if acquire(t, m, "lock", "two", s2) {
		t.Fatal("acquired during lock-delay")
	}
	clk.Advance(time.Nanosecond)
	if _, err := m.Acquire(ctx, "lock", nil, s1); !errors.Is(err, ErrSessionInvalid) {
		t.Fatalf("acquire with expired session: %v", err)
	}
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
