package watch

import (
	"context"
	"log/slog"
	"sync"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// staleKV is a KV whose Get tracks whether Consul answers: it calls
// onStale(true) on the first failure after a success (or at the start) and
// onStale(false) on the first answer after a failure. Calls cut short by
// their own ctx count as neither.
type staleKV struct {
	consulkv.KV
	log     *slog.Logger
	onStale func(bool)

	mu    sync.Mutex
	stale bool
}

// Get reads through and records the outcome.
func (s *staleKV) Get(ctx context.Context, key string, q *consulkv.QueryOptions) (*consulkv.Entry, uint64, error) {
	e, index, err := s.KV.Get(ctx, key, q)
	if ctx.Err() == nil {
		s.record(err)
	}
	return e, index, err
}

// record flips the stale state on a change and reports it.
func (s *staleKV) record(err error) {
	stale := err != nil
	s.mu.Lock()
	changed := stale != s.stale
	s.stale = stale
	s.mu.Unlock()
	if !changed {
		return
	}
	if stale {
		s.log.Warn("consul unreachable; serving the last good release", "error", err)
	} else {
		s.log.Info("consul answers again")
	}
	if s.onStale != nil {
		s.onStale(stale)
	}
}
