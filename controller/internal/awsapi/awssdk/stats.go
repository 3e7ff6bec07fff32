package awssdk

import (
	"maps"
	"sync"
)

// Stats counts request attempts by operation name since New: Calls every
// attempt sent to AWS (retries included), Throttles the attempts AWS
// answered with a throttling error.
type Stats struct {
	Calls     map[string]int
	Throttles map[string]int
}

// statsRecorder is the Factory's concurrent-safe Stats.
type statsRecorder struct {
	mu        sync.Mutex
	calls     map[string]int
	throttles map[string]int
}

func newStatsRecorder() *statsRecorder {
	return &statsRecorder{calls: map[string]int{}, throttles: map[string]int{}}
}

func (s *statsRecorder) record(op string, throttled bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[op]++
	if throttled {
		s.throttles[op]++
	}
}

func (s *statsRecorder) snapshot() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{Calls: maps.Clone(s.calls), Throttles: maps.Clone(s.throttles)}
}
