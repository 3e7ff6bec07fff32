package consulkv

import (
	"context"
	"fmt"
	"time"

	capi "github.com/hashicorp/consul/api"
)

// CreateSession makes a session on the agent's node with behavior
// "release" (keys it holds are released, not deleted, when it ends), the
// given TTL (0: none) and lock-delay (0 really is none: Consul's client
// would leave a zero out and the server default 15 s would apply, so the
// request is written here). Consul invalidates a session whose TTL lapsed
// somewhere between TTL and 2×TTL after the last renewal, not at TTL as
// Memory does; holders must treat TTL as the deadline (Lock does).
func (c *Consul) CreateSession(ctx context.Context, name string, ttl, lockDelay time.Duration) (string, error) {
	if err := checkSession(ttl, lockDelay); err != nil {
		return "", fmt.Errorf("consul create session %q: %w", name, err)
	}
	body := map[string]any{
		"Name":      name,
		"Behavior":  capi.SessionBehaviorRelease,
		"LockDelay": fmt.Sprintf("%dms", lockDelay.Milliseconds()),
	}
	if ttl > 0 {
		body["TTL"] = ttl.String()
	}
	var out struct{ ID string }
	opts, done := c.write(ctx)
	defer done()
	if _, err := c.client.Raw().Write("/v1/session/create", body, &out, opts); err != nil {
		return "", consulError("create session", name, err)
	}
	if out.ID == "" {
		return "", fmt.Errorf("consul create session %q: no session id in the answer", name)
	}
	return out.ID, nil
}

// RenewSession restarts the session's TTL; ErrSessionInvalid when Consul
// no longer knows it.
func (c *Consul) RenewSession(ctx context.Context, id string) error {
	opts, done := c.write(ctx)
	defer done()
	entry, _, err := c.client.Session().Renew(id, opts)
	if err != nil {
		return consulError("renew session", id, err)
	}
	if entry == nil {
		return fmt.Errorf("consul renew session %q: %w", id, ErrSessionInvalid)
	}
	return nil
}

// DestroySession invalidates the session now: keys it holds are released
// and their lock-delay starts. An unknown session is not an error.
func (c *Consul) DestroySession(ctx context.Context, id string) error {
	opts, done := c.write(ctx)
	defer done()
	if _, err := c.client.Session().Destroy(id, opts); err != nil {
		return consulError("destroy session", id, err)
	}
	return nil
}

// Acquire takes key for session and writes value (Consul's ?acquire=);
// false when another session holds it or its lock-delay is in force,
// ErrSessionInvalid when the session does not exist.
func (c *Consul) Acquire(ctx context.Context, key string, value []byte, session string) (bool, error) {
	if err := checkWrite(key, value); err != nil {
		return false, fmt.Errorf("consul acquire %q: %w", key, err)
	}
	p := &capi.KVPair{Key: key, Value: value, Session: session}
	opts, done := c.write(ctx)
	defer done()
	ok, _, err := c.client.KV().Acquire(p, opts)
	if err != nil {
		return false, consulError("acquire", key, err)
	}
	return ok, nil
}

// releaseAttempts bounds Release's read-and-release retries.
const releaseAttempts = 5

// Release lets go of key if session holds it, keeping the key's value, as
// Memory does. Consul's ?release= writes the request body as the new
// value, so Release reads the entry and releases it in one transaction that
// first checks the ModifyIndex it read; a write in between makes it read
// and try again. It returns false, changing nothing, when session does not
// hold key.
func (c *Consul) Release(ctx context.Context, key string, session string) (bool, error) {
	for range releaseAttempts {
		e, _, err := c.Get(ctx, key, &QueryOptions{Consistent: true})
		if err != nil {
			return false, fmt.Errorf("consul release %q: %w", key, err)
		}
		if e == nil || e.Session == "" || e.Session != session {
			return false, nil
		}
		ok, retry, err := c.releaseAt(ctx, e)
		if err != nil || !retry {
			return ok, err
		}
	}
	return false, fmt.Errorf("consul release %q: the key kept changing; gave up after %d attempts", key, releaseAttempts)
}

// releaseAt releases e.Key from e.Session if the key is still at
// e.ModifyIndex, writing back e.Value. retry reports a lost index check.
func (c *Consul) releaseAt(ctx context.Context, e *Entry) (ok, retry bool, err error) {
	ops := capi.TxnOps{
		{KV: &capi.KVTxnOp{Verb: capi.KVCheckIndex, Key: e.Key, Index: e.ModifyIndex}},
		{KV: &capi.KVTxnOp{Verb: capi.KVUnlock, Key: e.Key, Value: e.Value, Session: e.Session}},
	}
	opts, done := c.query(ctx, nil)
	defer done()
	ok, resp, _, err := c.client.Txn().Txn(ops, opts)
	switch {
	case err != nil:
		return false, false, consulError("release", e.Key, err)
	case ok:
		return true, false, nil
	}
	if err := txnDenied("release", e.Key, resp); err != nil {
		return false, false, err
	}
	return false, true, nil
}
