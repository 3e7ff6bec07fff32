package consulkv

import (
	"bytes"
	"context"
	"fmt"
	"strings"
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
// holder of a held key.
func (m *Memory) Put(ctx context.Context, key string, value []byte) error {
	if err := checkWrite(key, value); err != nil {
		return fmt.Errorf("memory put %q: %w", key, err)
	}
	if err := m.lockFor(ctx, OpPut, key); err != nil {
		return err
	}
	defer m.mu.Unlock()
	m.write(key, value)
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
	m.write(key, value)
	return true, nil
}

// Delete removes key (and any lock on it); an absent key changes nothing.
func (m *Memory) Delete(ctx context.Context, key string) error {
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

// write stores a copy of value at key as one new index. m.mu must be held.
func (m *Memory) write(key string, value []byte) *Entry {
	idx := m.commit()
	e, ok := m.entries[key]
	if !ok {
		e = &Entry{Key: key, CreateIndex: idx}
		m.entries[key] = e
		delete(m.tombstones, key)
	}
	e.Value = bytes.Clone(value)
	e.ModifyIndex = idx
	return e
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

// checkWrite rejects what Consul rejects: an empty key or an oversized value.
func checkWrite(key string, value []byte) error {
	if key == "" {
		return fmt.Errorf("missing key name")
	}
	if len(value) > MaxMemoryValueBytes {
		return fmt.Errorf("value is %d bytes, over the %d-byte limit", len(value), MaxMemoryValueBytes)
	}
	return nil
}
