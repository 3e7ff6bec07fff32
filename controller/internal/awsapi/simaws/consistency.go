package simaws

import "time"

// stale reports whether a describe in this call shows a resource as it was
// before a change made at changedAt: always within ConsistencyDelay, and on
// a stale read (FaultConfig.StaleReadRate) within the stale window.
// Resources made by the setup helpers have a zero changedAt and are never
// stale.
func (c *Cloud) stale(changedAt time.Time, cc callCtx) bool {
	if changedAt.IsZero() {
		return false
	}
	age := c.now.Sub(changedAt)
	if age < c.cfg.ConsistencyDelay {
		return true
	}
	return cc.stale && age < c.faults.staleWindow()
}

// visible returns the forward action a describe shows.
func (c *Cloud) visible(f *forwarding, cc callCtx) []forward {
	if c.stale(f.changedAt, cc) {
		return f.prev
	}
	return f.fwd
}
