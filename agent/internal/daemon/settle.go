package daemon

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/asgctl/asgctl/agent/internal/roll"
)

// KindSettle is the step kind a StepError names when a process died in
// its settle window.
const KindSettle roll.Kind = "settle"

// settlePollMin and settlePollMax bound how often a settling process is
// looked at (half the health interval in between).
const (
	settlePollMin = 20 * time.Millisecond
	settlePollMax = 250 * time.Millisecond
)

// settling watches, during a roll, each process that passed its check and
// went back into rotation until its settle window ends: one that stops
// running within it fails the roll. Windows overlap the next processes'
// restarts, so a roll waits for one window only, at its end.
type settling struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	died []settleDeath
}

// settleDeath is a process that stopped within its window.
type settleDeath struct {
	index    int
	previous roll.Target // what it ran before this roll
	after    time.Duration
}

// watch starts watching process k (previous: what it ran before) until
// window passes or ctx ends.
func (s *settling) watch(ctx context.Context, a *Agent, k int, previous roll.Target, window time.Duration) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		start := a.Clock.Now()
		poll := min(max(a.Config.Health.Interval.D()/2, settlePollMin), settlePollMax)
		end := a.Clock.NewTimer(window)
		defer end.Stop()
		for {
			if !a.running(ctx, k) {
				s.mu.Lock()
				s.died = append(s.died, settleDeath{index: k, previous: previous, after: a.Clock.Now().Sub(start)})
				s.mu.Unlock()
				return
			}
			tick := a.Clock.NewTimer(poll)
			select {
			case <-ctx.Done():
				tick.Stop()
				return
			case <-end.C():
				tick.Stop()
				return
			case <-tick.C():
			}
		}
	}()
}

// first returns the first process that died so far, if any.
func (s *settling) first() (settleDeath, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.died) == 0 {
		return settleDeath{}, false
	}
	return s.died[0], true
}

// wait blocks until every window ended (or its process died).
func (s *settling) wait() { s.wg.Wait() }

// err is the roll's error for a process that died settling.
func (d settleDeath) err(window time.Duration) error {
	return fmt.Errorf("exited %s after passing its health check, within the settle window of %s (health.settle)",
		d.after.Round(time.Millisecond), window)
}
