package coord

import (
	"sync"

	"github.com/asgctl/asgctl/controller/api"
)

// latest holds the release record to follow and wakes whoever waits for
// a change: the channel get returns is closed when another record is
// offered. The watch's records are taken in the order it delivers them
// (its indexes may go backwards when Consul was rebuilt, and then the
// newer record has the smaller index); the same record again is no
// change. A record the coordinator read itself is taken only when its
// index is past the one held.
type latest struct {
	mu      sync.Mutex
	rec     *api.Release
	index   uint64
	changed chan struct{}
}

func newLatest() *latest { return &latest{changed: make(chan struct{})} }

// offer makes rec, read at index, the record to follow and wakes the
// waiters. onlyNewer keeps a record with an index not past the one held.
func (l *latest) offer(rec *api.Release, index uint64, onlyNewer bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.rec != nil && (index == l.index || onlyNewer && index < l.index) {
		return // the record already held, or older than it
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
