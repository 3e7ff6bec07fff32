package daemon

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/agent/internal/roll"
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
		if err := ctx.Err(); err != nil {
			return err
		}
		j := a.journalFor(s)
		if err := a.step(ctx, s); err != nil {
			serr := &StepError{Index: s.Index, Kind: s.Kind, Err: err, Tail: a.Supervisor.Tail(ctx, s.Index)}
			a.Log.Error("rollout step failed", "process", s.Index, "step", s.Kind, "release", s.To.Release, "err", err)
			if ctx.Err() == nil {
				a.restore(ctx, s.Index, j.Previous)
			}
			return serr
		}
		a.model = roll.Apply(a.model, s)
		j = j.Record(s.Kind)
		a.state.Journal = &j
		if s.Kind == roll.KindEnable {
			a.state.Journal = nil
		}
		a.save()
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
			a.Log.Error("restoring the failed process failed; it stays out of rotation", "process", k, "step", s.Kind, "err", err)
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
		return a.Driver.Drain(ctx, s.Index)
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
