package rotate

import "sync"

// backend is one upstream process: its address, whether it takes new
// requests, and how many requests it is serving now, ordinary and
// long-lived (upgraded connections and event streams) counted apart.
type backend struct {
	index int
	addr  string

	mu       sync.Mutex
	enabled  bool
	inflight flightCounts
	changed  chan struct{} // closed when a count drops to zero; nil if nobody waits
}

// flightCounts is what a backend has in flight.
type flightCounts struct {
	ordinary  int // requests that end by themselves
	longLived int // upgraded connections and event streams
}

func (c flightCounts) total() int { return c.ordinary + c.longLived }

// tryAcquire counts a new ordinary request if the backend is enabled.
func (b *backend) tryAcquire() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.enabled {
		return false
	}
	b.inflight.ordinary++
	return true
}

// promote moves one request from ordinary to long-lived, once its response
// shows it may never end by itself.
func (b *backend) promote() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inflight.ordinary--
	b.inflight.longLived++
	if b.inflight.ordinary == 0 {
		b.notifyLocked()
	}
}

// release ends one request of the given kind and wakes drainers when that
// kind has none left.
func (b *backend) release(longLived bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := &b.inflight.ordinary
	if longLived {
		n = &b.inflight.longLived
	}
	*n--
	if *n == 0 {
		b.notifyLocked()
	}
}

func (b *backend) notifyLocked() {
	if b.changed != nil {
		close(b.changed)
		b.changed = nil
	}
}

// disable takes the backend out of rotation.
func (b *backend) disable() { b.setEnabled(false) }

// watch returns the counts now and a channel closed the next time one of
// them drops to zero.
func (b *backend) watch() (flightCounts, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.changed == nil {
		b.changed = make(chan struct{})
	}
	return b.inflight, b.changed
}

func (b *backend) setEnabled(v bool) {
	b.mu.Lock()
	b.enabled = v
	b.mu.Unlock()
}

func (b *backend) isEnabled() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.enabled
}

// counts returns what is in flight now.
func (b *backend) counts() flightCounts {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.inflight
}
