package consulkv

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Slot is one granted slot of a Semaphore. Its session is renewed on the
// semaphore's clock until Release or until it is lost.
type Slot struct {
	c        *contender
	mu       sync.Mutex
	released bool
}

// newSlot wraps a contender that was granted a slot.
func newSlot(c *contender) *Slot { return &Slot{c: c} }

// Lost is closed when the slot's session is known or presumed lost:
// Consul reported it invalid at a renewal, or renewals kept failing until
// its local lease (TTL from the start of the last successful renewal) ran
// out. Others may then be granted the slot. Release closes it too.
func (s *Slot) Lost() <-chan struct{} { return s.c.lk.Lost() }

// Release gives the slot up: the session leaves the semaphore record
// (check-and-set), its contender key is released and deleted, and the
// session destroyed. A failed Release may be retried; after a successful
// one it is a no-op. Releasing a lost slot cleans up what is left of it
// and never touches another holder's keys.
func (s *Slot) Release(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.released {
		return nil
	}
	if err := s.c.leave(ctx); err != nil {
		return fmt.Errorf("release semaphore slot %s: %w", s.c.key, err)
	}
	s.released = true
	return nil
}

// SemaphoreHolders reads the semaphore at prefix and returns its live
// holders' names, sorted: the values of the contender keys of the
// record's holders that are still held by their sessions. A holder that
// wrote no value (Consul's own client, by default) is named by its session
// id. No record means no holders.
func SemaphoreHolders(ctx context.Context, kv KV, prefix string) ([]string, error) {
	p, err := semaphorePrefix(prefix)
	if err != nil {
		return nil, err
	}
	entries, _, err := kv.List(ctx, p, nil)
	if err != nil {
		return nil, fmt.Errorf("read semaphore %s: %w", p, err)
	}
	v, err := readSemaphore(p, entries)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, id := range v.liveHolders() {
		name := string(v.live[id].Value)
		if name == "" {
			name = id
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}
