package consulkv

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// Memory is an in-memory Backend with Consul's semantics, for tests, the
// simulator and the sandbox:
//
//   - One raft-like index grows by one on every write (KV writes, lock
//     acquire and release, session create and destroy or expiry). Entries
//     carry CreateIndex and ModifyIndex. A KV write that leaves an entry
//     exactly as it was (same value, same holder) is no change, as in Consul.
//   - The index starts at 1, as Consul's does (its first raft entry is its
//     own bootstrap): no read reports index 0, and the first write is past
//     every index read before it, so a watch that takes 0 as 1 still wakes.
//   - Get returns the entry's ModifyIndex, or the current index when the key
//     is absent. List returns the highest ModifyIndex under the prefix
//     (deletions included, as Consul's tombstones are), or the current index
//     when nothing was ever under it.
//   - Blocking queries (QueryOptions.WaitIndex > 0) wait on the injected
//     clock; see memory_blocking.go.
//   - Sessions expire lazily: every call first invalidates the sessions whose
//     TTL has passed on the clock, as of their deadline, so the outcome does
//     not depend on when the expiry is noticed. See memory_sessions.go.
//   - Values are copied in and out; callers never alias the stored state.
//
// Consistent reads are always consistent here. All methods are safe for
// concurrent use.
type Memory struct {
	clk clock.Clock

	mu         sync.Mutex
	index      uint64
	entries    map[string]*Entry
	tombstones map[string]uint64 // key -> index of its deletion
	sessions   map[string]*memSession
	lockDelays map[string]time.Time // key -> no acquire before this
	lastID     uint64
	intercept  func(op, key string) error

	// changed is closed and replaced on every write; gen counts writes and
	// parked counts blocking queries waiting on the current changed channel.
	changed chan struct{}
	gen     uint64
	parked  int
}

var _ Backend = (*Memory)(nil)

// NewMemory returns an empty store whose time comes from clk.
func NewMemory(clk clock.Clock) *Memory {
	return &Memory{
		clk:        clk,
		index:      1,
		entries:    map[string]*Entry{},
		tombstones: map[string]uint64{},
		sessions:   map[string]*memSession{},
		lockDelays: map[string]time.Time{},
		changed:    make(chan struct{}),
	}
}

// Keys returns every stored key, sorted. It is meant for debugging.
func (m *Memory) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sortedKeys("")
}

// Waiting reports how many blocking queries are parked waiting for a write
// or their wait time. Simulations use it to know that every watcher has
// settled before they advance the clock.
func (m *Memory) Waiting() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.parked
}

// commit records one write: it bumps the index, wakes every blocking query
// and returns the new index. m.mu must be held.
func (m *Memory) commit() uint64 {
	m.index++
	m.gen++
	m.parked = 0
	close(m.changed)
	m.changed = make(chan struct{})
	return m.index
}

// sortedKeys lists stored keys under prefix in order. m.mu must be held.
func (m *Memory) sortedKeys(prefix string) []string {
	var keys []string
	for k := range m.entries {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// copyEntry returns a deep copy of e.
func copyEntry(e *Entry) Entry {
	c := *e
	c.Value = bytes.Clone(e.Value)
	return c
}
