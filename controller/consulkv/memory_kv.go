package consulkv

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// MaxMemoryValueBytes is the largest value Memory accepts, Consul's default
// kv_max_value_size (512 KiB).
const MaxMemoryValueBytes = 512 << 10

// Get returns key's entry and its ModifyIndex, or nil and the current index
// when the key is absent. With q.WaitIndex > 0 it first waits until the key
// changes past WaitIndex (written or deleted), its wait time passes or ctx
// ends.
func (m *Memory) Get(ctx context.Context, key string, q *QueryOptions) (*Entry, uint64, error) {
	if err := m.lockFor(ctx, OpGet, key); err != nil {
		return nil, 0, err
	}
	defer m.mu.Unlock()
	if err := m.waitLocked(ctx, OpGet, key, q, func() uint64 { return m.keyIndex(key) }); err != nil {
		return nil, 0, err
	}
	e, ok := m.entries[key]
	if !ok {
		return nil, m.index, nil
	}
	c := copyEntry(e)
	return &c, e.ModifyIndex, nil
}

// List returns the entries under prefix sorted by key and the highest
// ModifyIndex (or deletion index) under it; the current index when nothing
// was ever there. A blocking List wakes on any write or delete under prefix.
func (m *Memory) List(ctx context.Context, prefix string, q *QueryOptions) ([]Entry, uint64, error) {
	if err := m.lockFor(ctx, OpList, prefix); err != nil {
		return nil, 0, err
	}
	defer m.mu.Unlock()
	if err := m.waitLocked(ctx, OpList, prefix, q, func() uint64 { return m.prefixIndex(prefix) }); err != nil {
		return nil, 0, err
	}
	var out []Entry
	for _, k := range m.sortedKeys(prefix) {
		out = append(out, copyEntry(m.entries[k]))
	}
	idx := m.prefixIndex(prefix)
	if idx == 0 {
		idx = m.index
	}
	return out, idx, nil
}

// Put writes key unconditionally. Like Consul, a plain write keeps the lock
// holder of a held key, and rewriting the value a key already has is no
// change (no new index).
func (m *Memory) Put(ctx context.Context, key string, value []byte) error {
	if err := checkWrite(key, value); err != nil {
		return fmt.Errorf("memory put %q: %w", key, err)
	}
	if err := m.lockFor(ctx, OpPut, key); err != nil {
		return err
	}
	defer m.mu.Unlock()
	m.write(key, value, m.holder(key))
	return nil
}

// CAS writes key only when its ModifyIndex equals index (index 0: only when
// the key is absent) and reports whether it wrote.
func (m *Memory) CAS(ctx context.Context, key string, value []byte, index uint64) (bool, error) {
	if err := checkWrite(key, value); err != nil {
		return false, fmt.Errorf("memory cas %q: %w", key, err)
	}
	if err := m.lockFor(ctx, OpCAS, key); err != nil {
		return false, err
	}
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if (index == 0 && ok) || (index != 0 && (!ok || e.ModifyIndex != index)) {
		return false, nil
	}
	m.write(key, value, m.holder(key))
	return true, nil
}

// Delete removes key (and any lock on it); an absent key changes nothing.
func (m *Memory) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return fmt.Errorf("memory delete %q: %w", key, err)
	}
	if err := m.lockFor(ctx, OpDelete, key); err != nil {
		return err
	}
	defer m.mu.Unlock()
	if _, ok := m.entries[key]; !ok {
		return nil
	}
	idx := m.commit()
	delete(m.entries, key)
	m.tombstones[key] = idx
	return nil
}

// write stores a copy of value at key, held by session ("" for none), as
// one new index. Like Consul, a write that would leave the entry exactly as
// it is (same value, same holder) changes nothing: no new index and no
// wake-up. m.mu must be held.
func (m *Memory) write(key string, value []byte, session string) {
	e, ok := m.entries[key]
	if ok && e.Session == session && bytes.Equal(e.Value, value) {
		return
	}
	idx := m.commit()
	if !ok {
		e = &Entry{Key: key, CreateIndex: idx}
		m.entries[key] = e
		delete(m.tombstones, key)
	}
	e.Value = bytes.Clone(value)
	e.ModifyIndex = idx
	e.Session = session
}

// holder is the session holding key, "" when none. m.mu must be held.
func (m *Memory) holder(key string) string {
	if e, ok := m.entries[key]; ok {
		return e.Session
	}
	return ""
}

// keyIndex is the index at which key last changed: its ModifyIndex, its
// deletion index, or 0 when it never existed. m.mu must be held.
func (m *Memory) keyIndex(key string) uint64 {
	if e, ok := m.entries[key]; ok {
		return e.ModifyIndex
	}
	return m.tombstones[key]
}

// prefixIndex is the highest index at which anything under prefix changed,
// or 0. m.mu must be held.
func (m *Memory) prefixIndex(prefix string) uint64 {
	var idx uint64
	for k, e := range m.entries {
		if strings.HasPrefix(k, prefix) {
			idx = max(idx, e.ModifyIndex)
		}
	}
	for k, t := range m.tombstones {
		if strings.HasPrefix(k, prefix) {
			idx = max(idx, t)
		}
	}
	return idx
}

// checkWrite rejects what Consul rejects: a bad key (see checkKey) or a
// value over Consul's default size limit (wrapping api.ErrTooLarge).
func checkWrite(key string, value []byte) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if len(value) > MaxMemoryValueBytes {
		return fmt.Errorf("value is %d bytes, over Consul's %d-byte limit: %w", len(value), MaxMemoryValueBytes, api.ErrTooLarge)
	}
	return nil
}

// checkKey rejects keys Consul cannot write: empty, or starting with '/'
// (Consul's client refuses those writes, and its reads strip the slash).
func checkKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("missing key name")
	case strings.HasPrefix(key, "/"):
		return fmt.Errorf("key must not begin with '/'")
	}
	return nil
}
