package watch

import (
	"sync"

	"github.com/asgctl/asgctl/controller/api"
)

// mailbox holds at most one pending release: a newer put replaces an
// older one that was not taken yet.
type mailbox struct {
	mu      sync.Mutex
	pending *api.Release
	index   uint64 // pending's ModifyIndex
	// wake has room for one signal: set whenever pending may be non-nil.
	wake chan struct{}
}

func newMailbox() *mailbox { return &mailbox{wake: make(chan struct{}, 1)} }

// put makes rel, read at index, the pending release.
func (m *mailbox) put(rel *api.Release, index uint64) {
	m.mu.Lock()
	m.pending, m.index = rel, index
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// take removes and returns the pending release and its index, nil when
// none.
func (m *mailbox) take() (*api.Release, uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rel, index := m.pending, m.index
	m.pending = nil
	return rel, index
}
