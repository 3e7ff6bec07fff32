package balancer

import (
	"maps"
	"sync"
)

// Stats counts what the balancer did since New.
type Stats struct {
	Requests int64 // requests received
	// Failures counts the 5xx responses the balancer generated: 503 when
	// the chosen group had no target, 502 when the target (and the retry)
	// failed, and responses cut after they had started.
	Failures int64
	Retries  int64 // tries repeated on another target
	Canceled int64 // requests whose client went away before an answer
	// Target5xx counts 5xx responses targets gave (passed through, not
	// in Failures).
	Target5xx int64
	// ByTargetGroup counts requests routed to each target group ARN,
	// failed ones included.
	ByTargetGroup map[string]int64
	// ByTarget counts responses each target (instance id) gave.
	ByTarget map[string]int64
	// TargetErrors counts transport errors by target (instance id).
	TargetErrors map[string]int64
}

// Stats returns a copy of the counters.
func (b *Balancer) Stats() Stats { return b.stats.snapshot() }

type counters struct {
	mu sync.Mutex
	s  Stats
}

func (c *counters) init() {
	c.s = Stats{ByTargetGroup: map[string]int64{}, ByTarget: map[string]int64{}, TargetErrors: map[string]int64{}}
}

func (c *counters) add(f func(*Stats)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.s)
}

func (c *counters) request()              { c.add(func(s *Stats) { s.Requests++ }) }
func (c *counters) failure()              { c.add(func(s *Stats) { s.Failures++ }) }
func (c *counters) retry()                { c.add(func(s *Stats) { s.Retries++ }) }
func (c *counters) canceled()             { c.add(func(s *Stats) { s.Canceled++ }) }
func (c *counters) routed(tg string)      { c.add(func(s *Stats) { s.ByTargetGroup[tg]++ }) }
func (c *counters) targetError(id string) { c.add(func(s *Stats) { s.TargetErrors[id]++ }) }

func (c *counters) served(id string, code int) {
	c.add(func(s *Stats) {
		s.ByTarget[id]++
		if code >= 500 {
			s.Target5xx++
		}
	})
}

func (c *counters) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.s
	out.ByTargetGroup = maps.Clone(c.s.ByTargetGroup)
	out.ByTarget = maps.Clone(c.s.ByTarget)
	out.TargetErrors = maps.Clone(c.s.TargetErrors)
	return out
}
