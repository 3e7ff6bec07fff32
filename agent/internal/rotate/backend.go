package rotate

import "sync"

// backend is one upstream process: its address, whether it takes new
// requests, and how many requests it is serving now.
type backend struct {
	index int
	addr  string

	mu       sync.Mutex
	enabled  bool
	inflight int
	idle     chan struct{} // closed when inflight drops to zero; nil if nobody waits
}

// tryAcquire counts a new request if the backend is enabled.
func (b *backend) tryAcquire() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.enabled {
		return false
	}
	b.inflight++
	return true
}

// release ends one request and wakes drainers when none are left.
func (b *backend) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inflight--
	if b.inflight == 0 && b.idle != nil {
		close(b.idle)
		b.idle = nil
	}
}

// disable takes the backend out of rotation and returns a channel closed once
// it has no requests in flight (already closed if it has none).
func (b *backend) disable() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.enabled = false
	if b.inflight == 0 {
		ch := make(chan struct{})
		close(ch)
		return ch
	}
	if b.idle == nil {
		b.idle = make(chan struct{})
	}
	return b.idle
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

// inFlight returns the current in-flight count.
func (b *backend) inFlight() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.inflight
}
