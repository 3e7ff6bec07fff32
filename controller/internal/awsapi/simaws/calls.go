package simaws

import "maps"

// Calls returns how many times each operation was called since New or the
// last ResetCalls, failed calls included. Calls whose context had already
// ended never reach AWS and are not counted.
func (c *Cloud) Calls() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.calls)
}

// ResetCalls zeroes the call counters.
func (c *Cloud) ResetCalls() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = map[string]int{}
}
