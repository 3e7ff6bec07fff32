package daemon

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/agent/internal/rotate"
)

// StepError is a failed step of a rollout: which process, which step, the
// cause, and the last lines the process printed.
type StepError struct {
	Index int
	Kind  roll.Kind
	Err   error
	Tail  string
}

func (e *StepError) Error() string {
	return fmt.Sprintf("process %d: %s failed: %v", e.Index, e.Kind, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }

// execute performs steps in order with a.mu held, journaling and saving
// the state after each. When a step fails, the process is restored to what
// it ran before its restart began (see restore) and a *StepError is
// returned: the remaining steps are not run.
func (a *Agent) execute(ctx context.Context, steps []roll.Step) error {
	for _, s := range steps {
		if _, err := a.runStep(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// runStep performs one step with a.mu held, journaling it and saving the
// state; it returns the journal of the process's restart as it stood
// before the step. A failed step restores the process (see execute).
func (a *Agent) runStep(ctx context.Context, s roll.Step) (roll.Journal, error) {
	if err := ctx.Err(); err != nil {
		return roll.Journal{}, err
	}
	j := a.journalFor(s)
	if err := a.step(ctx, s); err != nil {
		serr := &StepError{Index: s.Index, Kind: s.Kind, Err: err, Tail: a.Supervisor.Tail(ctx, s.Index)}
		a.Log.Error("rollout step failed", "process", s.Index, "step", s.Kind, "release", s.To.Release, "error", err)
		if ctx.Err() == nil {
			a.restore(ctx, s.Index, j.Previous)
		}
		return j, serr
	}
	a.model = roll.Apply(a.model, s)
	done := j.Record(s.Kind)
	a.state.Journal = &done
	if s.Kind == roll.KindEnable {
		a.state.Journal = nil
	}
	a.save()
	return j, nil
}

// executeRoll performs a roll's steps like execute and, after each
// process goes back into rotation, waits for it to settle (see settle)
// before the next restart begins.
func (a *Agent) executeRoll(ctx context.Context, steps []roll.Step) error {
	for _, s := range steps {
		if _, err := a.runStep(ctx, s); err != nil {
			return err
		}
		if s.Kind == roll.KindEnable {
			if err := a.settle(ctx, s.Index); err != nil {
				return err
			}
		}
	}
	return nil
}

// journalFor returns the journal of s's process restart, starting a new
// one (Previous: what the process points at now) at its first step.
func (a *Agent) journalFor(s roll.Step) roll.Journal {
	if j := a.state.Journal; j != nil && j.Index == s.Index && j.Target == s.To {
		return *j
	}
	j := roll.Journal{Target: s.To, Previous: roll.Of(a.model[s.Index]), Index: s.Index}
	a.state.Journal = &j
	return j
}

// restore brings process k back to previous after a failed step and clears
// the journal. A process that never ran anything has nothing to go back
// to: it is only stopped. Failures here are logged; the process is then
// left out of rotation and the repair loop tries again.
func (a *Agent) restore(ctx context.Context, k int, previous roll.Target) {
	var steps []roll.Step
	if previous.Release == "" {
		steps = []roll.Step{{Index: k, Kind: roll.KindStop, To: previous}}
	} else {
		steps = roll.OnFailure(a.model, k, previous)
	}
	a.state.Journal = nil
	for _, s := range steps {
		if err := a.step(ctx, s); err != nil {
			a.Log.Error("restoring the failed process failed; it stays out of rotation", "process", k, "step", s.Kind, "error", err)
			a.model[k].State = roll.StateFailed
			a.save()
			return
		}
		a.model = roll.Apply(a.model, s)
	}
	if previous.Release == "" {
		a.model[k].Release, a.model[k].ConfigRev = "", "" // nothing to run until a release arrives
	}
	a.save()
	a.Log.Info("failed process restored", "process", k, "release", previous.Release, "config_rev", previous.ConfigRev)
}

// step performs one step.
func (a *Agent) step(ctx context.Context, s roll.Step) error {
	a.Log.Debug("step", "process", s.Index, "step", s.Kind, "release", s.To.Release)
	switch s.Kind {
	case roll.KindDrain:
		return a.drain(ctx, s.Index)
	case roll.KindStop:
		return a.Supervisor.Stop(ctx, s.Index)
	case roll.KindSwitch:
		if s.To.Release == "" {
			return nil
		}
		return a.switchPointers(s.Index, s.To)
	case roll.KindStart:
		return a.start(ctx, s)
	case roll.KindHealth:
		return a.health().wait(ctx, a.Config.Port(s.Index), func() bool { return a.running(ctx, s.Index) })
	case roll.KindEnable:
		return a.Driver.Enable(ctx, s.Index)
	}
	return fmt.Errorf("unknown step %q", s.Kind)
}

// start starts process s.Index on s.To and records its pid.
func (a *Agent) start(ctx context.Context, s roll.Step) error {
	spec, err := a.spec(s.Index, s.To)
	if err != nil {
		return err
	}
	if err := a.Supervisor.Start(ctx, spec); err != nil {
		return err
	}
	a.save() // the record now carries the pid, for adoption after a crash
	return nil
}

func (a *Agent) running(ctx context.Context, k int) bool {
	pid, err := a.Supervisor.PID(ctx, k)
	return err == nil && pid > 0
}

func (a *Agent) health() healthCheck {
	h := a.Config.Health
	return healthCheck{client: a.HTTP, clk: a.Clock, path: h.Path, interval: h.Interval.D(),
		successes: h.Successes, timeout: h.Timeout.D()}
}

// isStepError reports whether err is a failed rollout step.
func isStepError(err error) (*StepError, bool) {
	var s *StepError
	ok := errors.As(err, &s)
	return s, ok
}

// drain takes process k out of rotation. Requests still in flight when the
// driver's cap passes do not fail the roll: the process is stopped anyway
// (SIGTERM lets it finish what it can) and the count is logged.
func (a *Agent) drain(ctx context.Context, k int) error {
	err := a.Driver.Drain(ctx, k)
	if errors.Is(err, rotate.ErrDrainTimeout) {
		a.Log.Warn("drain capped; stopping the process with requests still in flight", "process", k, "error", err)
		return nil
	}
	return err
}
