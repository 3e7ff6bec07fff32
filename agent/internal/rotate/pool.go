package rotate

import (
	"fmt"
	"sort"
	"sync/atomic"
)

// pool round-robins over its backends, skipping those out of rotation.
type pool struct {
	backends []*backend // sorted by index
	byIndex  map[int]*backend
	next     atomic.Uint64
}

func newPool(addrs map[int]string) *pool {
	p := &pool{byIndex: make(map[int]*backend, len(addrs))}
	for i, a := range addrs {
		b := &backend{index: i, addr: a, enabled: true}
		p.backends = append(p.backends, b)
		p.byIndex[i] = b
	}
	sort.Slice(p.backends, func(i, j int) bool { return p.backends[i].index < p.backends[j].index })
	return p
}

// acquire picks the next enabled backend other than skip, counting the
// request as in flight on it; nil when none is available. The rotation runs
// over the enabled backends only, so a drained one does not skew the share.
func (p *pool) acquire(skip *backend) *backend {
	candidates := make([]*backend, 0, len(p.backends))
	for _, b := range p.backends {
		if b != skip && b.isEnabled() {
			candidates = append(candidates, b)
		}
	}
	n := uint64(len(candidates))
	if n == 0 {
		return nil
	}
	start := p.next.Add(1) - 1
	for i := range n {
		if b := candidates[(start+i)%n]; b.tryAcquire() {
			return b // tryAcquire fails only if it was drained just now
		}
	}
	return nil
}

func (p *pool) get(index int) (*backend, error) {
	b, ok := p.byIndex[index]
	if !ok {
		return nil, fmt.Errorf("backend %d: %w", index, ErrUnknownBackend)
	}
	return b, nil
}

// serving lists enabled indexes, ascending.
func (p *pool) serving() []int {
	var out []int
	for _, b := range p.backends {
		if b.isEnabled() {
			out = append(out, b.index)
		}
	}
	return out
}
