package daemon

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/controller/fleet"
)

// Roll moves every process to t, one at a time, with the settle window
// (coord.Box). The release directory and env file must exist (Fetch and
// Render). When the roll fails, every process goes back to what the box
// served before, so the box is never left on two releases; a failed start,
// health check or settle window is a final verdict on t.
func (a *Agent) Roll(ctx context.Context, t fleet.Target) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	target := rollTarget(t)
	previous := rollTarget(servingOf(a.model, a.state.Target))
	a.state.Target, a.state.ConfigIndex = target, a.rendered[t]
	a.save()
	steps := roll.Plan(a.model, target)
	a.Log.Info("rollout started", "release", target.Release, "config_rev", target.ConfigRev, "steps", len(steps),
		"processes", processesOf(a.model))
	err := a.executeRoll(ctx, steps)
	if err == nil {
		a.Log.Info("rollout finished", "release", target.Release, "config_rev", target.ConfigRev)
		a.afterConverged(ctx)
		a.prune(target)
		return nil
	}
	if ctx.Err() != nil {
		return err // shutting down: the journal and the next start finish or undo it
	}
	a.restoreBox(ctx, previous)
	return a.rollError(target, err)
}

// restoreBox brings every process back to previous after a failed roll
// (stopping them when the box served nothing before). A failure here is
// logged; the repair loop keeps at it.
func (a *Agent) restoreBox(ctx context.Context, previous roll.Target) {
	a.state.Target, a.state.ConfigIndex = previous, 0
	var steps []roll.Step
	if previous.Release == "" {
		for _, p := range a.model {
			steps = append(steps, roll.Step{Index: p.Index, Kind: roll.KindStop})
		}
	} else {
		steps = roll.Plan(a.model, previous)
	}
	a.Log.Warn("rollout failed; restoring every process", "release", previous.Release, "config_rev", previous.ConfigRev,
		"steps", len(steps))
	if err := a.execute(ctx, steps); err != nil {
		a.Log.Error("box not fully restored; the repair loop retries", "error", err)
	}
	if previous.Release == "" {
		for i := range a.model {
			a.model[i].Release, a.model[i].ConfigRev = "", ""
		}
	}
	a.save()
}

// rollError is what Roll returns for err: the failure text with the
// process's last output, final when the release itself failed (it did
// not start, or did not become or stay healthy).
func (a *Agent) rollError(target roll.Target, err error) error {
	serr, isStep := isStepError(err)
	if isStep {
		a.lastTail.Store(serr.Tail)
	}
	out := &rollFailure{text: fmt.Sprintf("rollout of %s stopped: %s", target.Release, failureText(err)), err: err}
	if isStep && finalStep(serr.Kind) {
		return coord.Final(out)
	}
	return out
}

// finalStep reports whether a failure of this step is about the release.
func finalStep(k roll.Kind) bool {
	return k == roll.KindStart || k == roll.KindHealth || k == KindSettle
}

// rollFailure carries the failure text a report shows.
type rollFailure struct {
	text string
	err  error
}

func (f *rollFailure) Error() string { return f.text }
func (f *rollFailure) Unwrap() error { return f.err }

var _ = errors.New
