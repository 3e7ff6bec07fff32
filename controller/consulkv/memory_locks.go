package consulkv

import (
	"context"
	"fmt"
)

// Acquire takes key for session and writes value, as Consul's ?acquire=. It
// returns false when another session holds the key or the key's lock-delay
// (started when a previous holder's session was invalidated) is in force;
// otherwise ErrSessionInvalid when session is not live. The holder may acquire again to
// update the value (the same value again changes nothing, as in Consul).
func (m *Memory) Acquire(ctx context.Context, key string, value []byte, session string) (bool, error) {
	if err := checkWrite(key, value); err != nil {
		return false, fmt.Errorf("memory acquire %q: %w", key, err)
	}
	if err := m.lockFor(ctx, OpAcquire, key); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	// Consul's order: lock-delay is enforced before the session is even
	// looked up, so during it any acquire is refused without an error.
	if m.inLockDelay(key) {
		return false, nil
	}
	if _, ok := m.sessions[session]; !ok {
		return false, fmt.Errorf("memory acquire %q with session %q: %w", key, session, ErrSessionInvalid)
	}
	if holder := m.holder(key); holder != "" && holder != session {
		return false, nil
	}
	m.write(key, value, session)
	return true, nil
}

// Release lets go of key if session holds it: the holder is cleared, the
// value stays and ModifyIndex moves. A clean release starts no lock-delay
// (Consul applies lock-delay only when a session is invalidated). It returns
// false, changing nothing, when session does not hold key.
func (m *Memory) Release(ctx context.Context, key string, session string) (bool, error) {
	if err := m.lockFor(ctx, OpRelease, key); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || e.Session == "" || e.Session != session {
		return false, nil
	}
	idx := m.commit()
	e.Session = ""
	e.ModifyIndex = idx
	return true, nil
}

// inLockDelay reports whether key may not be acquired yet, forgetting
// lock-delays that have passed. m.mu must be held.
func (m *Memory) inLockDelay(key string) bool {
	until, ok := m.lockDelays[key]
	if !ok {
		return false
	}
	if m.clk.Now().Before(until) {
		return true
	}
	delete(m.lockDelays, key)
	return false
}
