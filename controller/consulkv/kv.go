// Package consulkv owns asgctl's durable state: the KV and session interfaces
// shaped after Consul's HTTP API, a typed Store of specs, desired requests,
// rollout records and history on top of them (check-and-set on ModifyIndex),
// a session-based per-service Locker, a counting Semaphore in Consul's
// semaphore layout (fleet release pacing), and an in-memory implementation with
// Consul's semantics (indexes, blocking queries, session TTL and lock-delay)
// driven by an injected clock, the same Backend on a real Consul agent
// (Consul, through github.com/hashicorp/consul/api), and Watch: blocking-query
// loops under Consul's index rules. One contract suite runs against both
// backends (contract_*_test.go); consultest starts the Consul agents for it.
//
// It may import controller/api, controller/clock, the Consul API client and
// github.com/cenkalti/backoff/v4.
package consulkv

import (
	"context"
	"errors"
	"time"
)

// Entry is one key with Consul's bookkeeping.
type Entry struct {
	Key         string
	Value       []byte
	CreateIndex uint64
	ModifyIndex uint64
	// Session is the id of the session holding the key as a lock, if any.
	Session string
}

// QueryOptions are the read options asgctl uses.
type QueryOptions struct {
	// WaitIndex > 0 makes the read a blocking query: it returns when the
	// result's index moves past WaitIndex or WaitTime passes.
	WaitIndex uint64
	WaitTime  time.Duration
	// Consistent asks for a read that is guaranteed current (lock-critical).
	Consistent bool
	// Stale lets Consul answer from any server, possibly behind the leader:
	// cheaper for many watchers, but an index can go backwards and a value
	// can be older than one already seen. Only for reads that merely trigger
	// a consistent re-read; ignored with Consistent and by Memory.
	Stale bool
}

// KV is the subset of Consul's KV API asgctl uses.
type KV interface {
	// Get returns the entry (nil when absent) and the index to block on next.
	Get(ctx context.Context, key string, q *QueryOptions) (*Entry, uint64, error)
	// List returns every entry under prefix, sorted by key, and the index.
	List(ctx context.Context, prefix string, q *QueryOptions) ([]Entry, uint64, error)
	// Put writes unconditionally.
	Put(ctx context.Context, key string, value []byte) error
	// CAS writes only when the key's ModifyIndex equals index; index 0 means
	// "only if absent". It reports whether the write happened.
	CAS(ctx context.Context, key string, value []byte, index uint64) (bool, error)
	// Delete removes a key; absent keys are not an error.
	Delete(ctx context.Context, key string) error
}

// Sessions is the subset of Consul's session and lock API asgctl uses.
type Sessions interface {
	// CreateSession makes a session that is invalidated when not renewed
	// within ttl; keys it holds are released (not deleted) and cannot be
	// re-acquired for lockDelay.
	CreateSession(ctx context.Context, name string, ttl, lockDelay time.Duration) (string, error)
	RenewSession(ctx context.Context, id string) error
	DestroySession(ctx context.Context, id string) error
	// Acquire takes key for session (value written too); false when another
	// session holds it or lock-delay is in force.
	Acquire(ctx context.Context, key string, value []byte, session string) (bool, error)
	// Release lets go of key if session holds it. A clean release starts no
	// lock-delay; only session invalidation (expiry or destroy) does.
	Release(ctx context.Context, key string, session string) (bool, error)
}

// Backend is everything a Store and a Locker need.
type Backend interface {
	KV
	Sessions
}

// ErrConflict means a check-and-set lost: someone else wrote first. Re-read
// and decide again; never overwrite.
var ErrConflict = errors.New("consulkv: check-and-set conflict")

// ErrSessionInvalid means the session no longer exists (expired or destroyed).
var ErrSessionInvalid = errors.New("consulkv: session invalid")
