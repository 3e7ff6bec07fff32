package consulkv

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Session limits, as Consul's defaults: a TTL is 0 (none) or between
// SessionTTLMin and SessionTTLMax; lock-delay is at most MaxLockDelay.
const (
	SessionTTLMin = 10 * time.Second
	SessionTTLMax = 24 * time.Hour
	MaxLockDelay  = 60 * time.Second
)

// memSession is one live session. expires is zero when the session has no
// TTL.
type memSession struct {
	id, name  string
	ttl       time.Duration
	lockDelay time.Duration
	expires   time.Time
}

// CreateSession makes a session that is invalidated when not renewed within
// ttl (0: never expires; it must then be destroyed). Ids are deterministic
// UUID-shaped counters, so seeded simulations replay exactly.
//
// Expiry is evaluated lazily against the clock at the start of every call
// (and by parked blocking queries at the next deadline): a session is
// invalid from the instant now >= last renewal + ttl. Consul only promises
// not to expire a session before its TTL and in practice waits up to twice
// the TTL; Memory uses the lower bound, the strictest allowed behaviour.
func (m *Memory) CreateSession(ctx context.Context, name string, ttl, lockDelay time.Duration) (string, error) {
	if err := checkSession(ttl, lockDelay); err != nil {
		return "", fmt.Errorf("memory create session %q: %w", name, err)
	}
	if err := m.lockFor(ctx, OpCreateSession, name); err != nil {
		return "", err
	}
	defer m.mu.Unlock()
	m.lastID++
	s := &memSession{
		id:        fmt.Sprintf("00000000-0000-4000-8000-%012x", m.lastID),
		name:      name,
		ttl:       ttl,
		lockDelay: lockDelay,
	}
	if ttl > 0 {
		s.expires = m.clk.Now().Add(ttl)
	}
	m.sessions[s.id] = s
	m.commit()
	return s.id, nil
}

// RenewSession restarts the session's TTL; ErrSessionInvalid when it has
// expired or been destroyed. Renewing is not a write (no index change).
func (m *Memory) RenewSession(ctx context.Context, id string) error {
	if err := m.lockFor(ctx, OpRenewSession, id); err != nil {
		return err
	}
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	if !ok {
		return fmt.Errorf("memory renew session %q: %w", id, ErrSessionInvalid)
	}
	if s.ttl > 0 {
		s.expires = m.clk.Now().Add(s.ttl)
	}
	return nil
}

// DestroySession invalidates the session now: the keys it still holds are
// released and their lock-delay starts. Destroying an unknown session is not
// an error (Consul's destroy is idempotent).
func (m *Memory) DestroySession(ctx context.Context, id string) error {
	if err := m.lockFor(ctx, OpDestroySession, id); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if s, ok := m.sessions[id]; ok {
		m.invalidate(s, m.clk.Now())
	}
	return nil
}

// expireSessions invalidates every session whose TTL passed by now, in
// deadline order, each as of its own deadline. m.mu must be held.
func (m *Memory) expireSessions(now time.Time) {
	var due []*memSession
	for _, s := range m.sessions {
		if !s.expires.IsZero() && !now.Before(s.expires) {
			due = append(due, s)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if due[i].expires.Equal(due[j].expires) {
			return due[i].id < due[j].id
		}
		return due[i].expires.Before(due[j].expires)
	})
	for _, s := range due {
		m.invalidate(s, s.expires)
	}
}

// invalidate destroys s as of at, in one index: the keys it holds lose
// their holder (values stay, ModifyIndex moves) and may not be acquired
// again until at + lock-delay. m.mu must be held.
func (m *Memory) invalidate(s *memSession, at time.Time) {
	delete(m.sessions, s.id)
	idx := m.commit()
	for _, k := range m.sortedKeys("") {
		e := m.entries[k]
		if e.Session != s.id {
			continue
		}
		e.Session = ""
		e.ModifyIndex = idx
		if s.lockDelay > 0 {
			m.lockDelays[k] = at.Add(s.lockDelay)
		}
	}
}

// nextExpiry is the earliest TTL deadline of a live session. m.mu must be
// held.
func (m *Memory) nextExpiry() (time.Time, bool) {
	var next time.Time
	for _, s := range m.sessions {
		if !s.expires.IsZero() && (next.IsZero() || s.expires.Before(next)) {
			next = s.expires
		}
	}
	return next, !next.IsZero()
}

// checkSession applies Consul's limits on TTL and lock-delay.
func checkSession(ttl, lockDelay time.Duration) error {
	if ttl != 0 && (ttl < SessionTTLMin || ttl > SessionTTLMax) {
		return fmt.Errorf("ttl %s must be 0 or between %s and %s", ttl, SessionTTLMin, SessionTTLMax)
	}
	if lockDelay < 0 || lockDelay > MaxLockDelay {
		return fmt.Errorf("lock-delay %s must be between 0 and %s", lockDelay, MaxLockDelay)
	}
	return nil
}
