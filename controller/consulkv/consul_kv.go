package consulkv

import (
	"context"
	"fmt"

	capi "github.com/hashicorp/consul/api"
)

// Get returns key's entry and its ModifyIndex, or nil and Consul's KV index
// when the key is absent. A blocking Get (q.WaitIndex > 0) returns when the
// key changes past WaitIndex or the wait time passes; on an absent key it
// may return at once, still absent, when other keys changed since WaitIndex
// was read (Memory waits for the key itself).
func (c *Consul) Get(ctx context.Context, key string, q *QueryOptions) (*Entry, uint64, error) {
	opts, done := c.query(ctx, q)
	defer done()
	p, meta, err := c.client.KV().Get(key, opts)
	if err != nil {
		return nil, 0, consulError("get", key, err)
	}
	if p == nil {
		return nil, meta.LastIndex, nil
	}
	e := toEntry(p)
	return &e, meta.LastIndex, nil
}

// List returns the entries under prefix, sorted by key, and the index of
// the last change under it (deletions included). A blocking List on a
// prefix with nothing under it may wake on writes elsewhere (Memory waits
// for the prefix). A List whose results Consul filtered because the token
// may not read some keys is an error wrapping ErrPermissionDenied rather
// than a silently short list (Consul cannot say so for the anonymous token).
func (c *Consul) List(ctx context.Context, prefix string, q *QueryOptions) ([]Entry, uint64, error) {
	opts, done := c.query(ctx, q)
	defer done()
	pairs, meta, err := c.client.KV().List(prefix, opts)
	if err != nil {
		return nil, 0, consulError("list", prefix, err)
	}
	if meta.ResultsFilteredByACLs {
		return nil, 0, fmt.Errorf("consul list %q: %w: the Consul token lacks read permission on some keys under it", prefix, ErrPermissionDenied)
	}
	out := make([]Entry, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, toEntry(p))
	}
	return out, meta.LastIndex, nil
}

// Put writes key unconditionally; a held key keeps its holder. Like every
// Consul write, rewriting the same value changes nothing (no new index).
func (c *Consul) Put(ctx context.Context, key string, value []byte) error {
	if err := checkWrite(key, value); err != nil {
		return fmt.Errorf("consul put %q: %w", key, err)
	}
	opts, done := c.write(ctx)
	defer done()
	if _, err := c.client.KV().Put(&capi.KVPair{Key: key, Value: value}, opts); err != nil {
		return consulError("put", key, err)
	}
	return nil
}

// CAS writes key only when its ModifyIndex equals index (0: only when
// absent), as Consul's ?cas=.
func (c *Consul) CAS(ctx context.Context, key string, value []byte, index uint64) (bool, error) {
	if err := checkWrite(key, value); err != nil {
		return false, fmt.Errorf("consul cas %q: %w", key, err)
	}
	p := &capi.KVPair{Key: key, Value: value, ModifyIndex: index}
	opts, done := c.write(ctx)
	defer done()
	ok, _, err := c.client.KV().CAS(p, opts)
	if err != nil {
		return false, consulError("cas", key, err)
	}
	return ok, nil
}

// Delete removes key (and any lock on it); an absent key is not an error.
func (c *Consul) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return fmt.Errorf("consul delete %q: %w", key, err)
	}
	opts, done := c.write(ctx)
	defer done()
	if _, err := c.client.KV().Delete(key, opts); err != nil {
		return consulError("delete", key, err)
	}
	return nil
}
