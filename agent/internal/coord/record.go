package coord

import (
	"sync"

	"github.com/asgctl/asgctl/controller/api"
)

// latest holds the newest release record, by its Consul ModifyIndex, and
// wakes whoever waits for a change: the channel get returns is closed when
// a newer record is offered. An older one, or the same one again (a watch
// catching up on a record this agent already read), is ignored.
type latest struct {
	mu      sync.Mutex
	rec     *api.Release
	index   uint64
	changed chan struct{}
}

func newLatest() *latest { return &latest{changed: make(chan struct{})} }

// offer makes rec, read at index, the newest record and wakes the waiters.
func (l *latest) offer(rec *api.Release, index uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rec != nil && index <= l.index {
		return // older, or the record already held
	}
	l.rec, l.index = rec, index
	close(l.changed)
	l.changed = make(chan struct{})
}

// changedSince reports whether a record was offered after changed was
// handed out by get.
func (l *latest) changedSince(changed <-chan struct{}) bool {
	select {
	case <-changed:
		return true
	default:
		return false
	}
}

// get returns the newest record (nil before the first) and a channel that
// is closed once a newer one arrives.
func (l *latest) get() (*api.Release, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rec, l.changed
}
