package daemon

import (
	"strconv"

	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/controller/fleet"
)

var _ coord.Box = (*Agent)(nil)

// snapshot is the box as last saved, readable without a.mu (the
// coordinator and the report read it while a roll holds a.mu).
type snapshot struct {
	model       []roll.Proc
	target      roll.Target
	configIndex uint64
}

// takeSnapshot records the model and target for readers (a.mu held).
func (a *Agent) takeSnapshot() {
	a.snap.Store(&snapshot{model: append([]roll.Proc(nil), a.model...), target: a.state.Target,
		configIndex: a.state.ConfigIndex})
}

func (a *Agent) snapshot() snapshot {
	if s := a.snap.Load(); s != nil {
		return *s
	}
	return snapshot{}
}

// Serving is what the box serves (see servingOf).
func (a *Agent) Serving() fleet.Target {
	s := a.snapshot()
	return servingOf(s.model, s.target)
}

// servingOf is the target every process points at. A box left half way
// through a roll serves the target of its first process that is not on
// the box's target, so it counts as on no one release and rolls on (or
// holds). A box some of whose processes never ran anything serves nothing:
// it is not up yet.
func servingOf(model []roll.Proc, target roll.Target) fleet.Target {
	if len(model) == 0 {
		return fleet.Target{}
	}
	if uniform(model) {
		return fleetTarget(roll.Of(model[0]))
	}
	for _, p := range model {
		if p.Release != "" && roll.Of(p) != target {
			return fleetTarget(roll.Of(p))
		}
	}
	return fleet.Target{}
}

// uniform reports whether every process points at the same target.
func uniform(model []roll.Proc) bool {
	for _, p := range model {
		if roll.Of(p) != roll.Of(model[0]) {
			return false
		}
	}
	return true
}

// fleetTarget and rollTarget convert between the fleet's and roll's
// spelling of a target (roll keeps the config revision as a string).
func fleetTarget(t roll.Target) fleet.Target {
	rev, _ := strconv.Atoi(t.ConfigRev)
	return fleet.Target{Release: t.Release, ConfigRev: rev}
}

func rollTarget(t fleet.Target) roll.Target {
	if t.IsZero() {
		return roll.Target{}
	}
	return roll.Target{Release: t.Release, ConfigRev: strconv.Itoa(t.ConfigRev)}
}

// Failed is the record and target this box failed for good, and why.
func (a *Agent) Failed() (fleet.Failure, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.state.FailedTarget.Release == "" {
		return fleet.Failure{}, ""
	}
	return fleet.Failure{Seq: a.state.FailedSeq, Target: fleetTarget(a.state.FailedTarget)}, a.state.Failed
}

// SetFailed records f and why in the state file.
func (a *Agent) SetFailed(f fleet.Failure, why string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.state.FailedSeq, a.state.FailedTarget, a.state.Failed = f.Seq, rollTarget(f.Target), why
	a.save()
}

// Publish reports the box's part in the fleet release. A failure is
// posted to the webhook once.
func (a *Agent) Publish(s coord.Status) {
	prev := a.status.Swap(&s)
	if s.State == reportFailed && (prev == nil || *prev != s) {
		a.notifyFailure(s)
	}
	a.publish()
}
