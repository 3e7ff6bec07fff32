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
	// wake has room for one signal: set whenever pending may be non-nil.
	wake chan struct{}
}

func newMailbox() *mailbox { return &mailbox{wake: make(chan struct{}, 1)} }

// put makes rel the pending release.
func (m *mailbox) put(rel *api.Release) {
	m.mu.Lock()
	m.pending = rel
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// take removes and returns the pending release, nil when none.
func (m *mailbox) take() *api.Release {
	m.mu.Lock()
	defer m.mu.Unlock()
	rel := m.pending
	m.pending = nil
	return rel
}
