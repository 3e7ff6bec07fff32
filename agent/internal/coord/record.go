package coord

import (
	"sync"

	"github.com/asgctl/asgctl/controller/api"
)

// latest holds the newest release record, by its Consul ModifyIndex, and
// wakes whoever waits for a change: the channel get returns is closed when
// a newer record is offered. An older one (a watch catching up on a record
// this agent already read) is ignored.
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
	if index < l.index {
		return
	}
	l.rec, l.index = rec, index
	close(l.changed)
	l.changed = make(chan struct{})
}

// get returns the newest record (nil before the first) and a channel that
// is closed once a newer one arrives.
func (l *latest) get() (*api.Release, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rec, l.changed
}
