package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/agent/internal/rotate"
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

// settle watches process k, back in rotation after passing its check, for
// health.settle before the roll moves on: a process that stops running
// within it is taken out of rotation at once, marked failed, and fails
// the roll (the caller restores the box). Only one process is ever at
// risk: the next restart begins once this one has settled.
func (a *Agent) settle(ctx context.Context, k int) error {
	window := a.Config.Health.Settle.D()
	poll := min(max(a.Config.Health.Interval.D()/2, settlePollMin), settlePollMax)
	start := a.Clock.Now()
	end := a.Clock.NewTimer(window)
	defer end.Stop()
	for {
		if !a.running(ctx, k) {
			return a.diedSettling(ctx, k, a.Clock.Now().Sub(start), window)
		}
		tick := a.Clock.NewTimer(poll)
		select {
		case <-ctx.Done():
			tick.Stop()
			return ctx.Err()
		case <-end.C():
			tick.Stop()
			return nil
		case <-tick.C():
		}
	}
}

// diedSettling takes dead process k out of rotation and returns the roll's
// error for it.
func (a *Agent) diedSettling(ctx context.Context, k int, after, window time.Duration) error {
	a.Log.Error("process died after passing its health check", "process", k, "after", after, "settle", window)
	if err := a.Driver.Drain(ctx, k); err != nil && !errors.Is(err, rotate.ErrDrainTimeout) {
		a.Log.Warn("dead process not taken out of rotation", "process", k, "error", err)
	}
	a.model[k].State = roll.StateFailed
	a.save()
	return &StepError{Index: k, Kind: KindSettle, Tail: a.Supervisor.Tail(ctx, k),
		Err: fmt.Errorf("exited %s after passing its health check, within the settle window of %s (health.settle)",
			after.Round(time.Millisecond), window)}
}
