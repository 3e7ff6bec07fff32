package report

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// Run renews the session every TTL/3 until ctx ends, and then returns
// ctx's error. A lost session is replaced, and a report that is not in
// Consul yet (a failed Set, a lost session) is written again on each tick.
// Errors are logged; Run never gives up while ctx lasts.
func (r *Reporter) Run(ctx context.Context) error {
	for {
		t := r.clk.NewTimer(r.ttl / 3)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C():
		}
		if err := r.tick(ctx); err != nil && ctx.Err() == nil {
			r.log.Warn("agent report not refreshed; retrying", "error", err)
		}
	}
}

// tick renews the session and rewrites the report if it needs it.
func (r *Reporter) tick(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.session != "" {
		err := r.b.RenewSession(ctx, r.session)
		switch {
		case errors.Is(err, consulkv.ErrSessionInvalid):
			r.log.Warn("agent report session lost; taking a new one", "session", r.session)
			r.session, r.unsynced = "", true
		case err != nil:
			return fmt.Errorf("report %s: renew session: %w", r.key, err)
		}
	}
	if r.value == nil || !r.unsynced {
		return nil
	}
	return r.writeLocked(ctx)
}

// Close destroys the session, which releases the key: the report is no
// longer live. Set after Close takes a new session.
func (r *Reporter) Close(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.session == "" {
		return nil
	}
	if err := r.b.DestroySession(ctx, r.session); err != nil {
		return fmt.Errorf("report %s: destroy session: %w", r.key, err)
	}
	r.session, r.unsynced = "", true
	return nil
}

// Session returns the id of the session holding the report ("" when none).
// The agent records it so that, after a crash, its next run can destroy
// the dead run's session at once instead of waiting for its TTL.
func (r *Reporter) Session() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.session
}
