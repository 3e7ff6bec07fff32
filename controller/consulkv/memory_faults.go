package consulkv

import (
	"context"
	"fmt"
)

// Operation names passed to a Memory interceptor. For session operations the
// key is the session name (create) or id (renew, destroy).
const (
	OpGet            = "get"
	OpList           = "list"
	OpPut            = "put"
	OpCAS            = "cas"
	OpDelete         = "delete"
	OpCreateSession  = "create_session"
	OpRenewSession   = "renew_session"
	OpDestroySession = "destroy_session"
	OpAcquire        = "acquire"
	OpRelease        = "release"
)

// SetInterceptor installs a fault hook for simulations (nil removes it). It
// runs before every operation, outside the store's lock; when it returns an
// error the operation fails with that error (wrapped, so errors.Is works)
// and changes nothing, not even lazy session expiry. f must not call back
// into m.
func (m *Memory) SetInterceptor(f func(op, key string) error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.intercept = f
}

// lockFor starts an operation: it fails when ctx is done or the interceptor
// injects a fault, and otherwise returns with m.mu held and expired sessions
// invalidated. The caller must unlock m.mu when it gets a nil error.
func (m *Memory) lockFor(ctx context.Context, op, key string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory %s %q: %w", op, key, err)
	}
	m.mu.Lock()
	f := m.intercept
	m.mu.Unlock()
	if f != nil {
		if err := f(op, key); err != nil {
			return fmt.Errorf("memory %s %q: %w", op, key, err)
		}
	}
	m.mu.Lock()
	m.expireSessions(m.clk.Now())
	return nil
}
