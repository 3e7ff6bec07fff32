package daemon

import (
	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/controller/api"
)

// observedState is the state a starting agent gives a process from its
// record and whether the process runs: a process that does not run is
// stopped; one that runs keeps serving only if it was serving; any other
// running process has to prove its health again before it serves.
func observedState(recorded string, running bool) string {
	switch {
	case !running:
		return roll.StateStopped
	case recorded == roll.StateServing:
		return roll.StateServing
	default:
		return roll.StateStarting
	}
}

// observe builds the model of n processes from their records (missing
// records are processes that never ran) and which indexes run.
func observe(n int, port func(int) int, recs []ProcRecord, running map[int]bool) []roll.Proc {
	byIndex := make(map[int]ProcRecord, len(recs))
	for _, r := range recs {
		byIndex[r.Index] = r
	}
	out := make([]roll.Proc, n)
	for k := range out {
		r := byIndex[k]
		out[k] = roll.Proc{Index: k, Port: port(k), Release: r.Release, ConfigRev: r.ConfigRev,
			State: observedState(r.State, running[k])}
	}
	return out
}

// servingIndexes lists the processes in rotation.
func servingIndexes(model []roll.Proc) []int {
	var out []int
	for _, p := range model {
		if p.InRotation() {
			out = append(out, p.Index)
		}
	}
	return out
}

// allOn reports whether every process serves target.
func allOn(model []roll.Proc, target roll.Target) bool {
	for _, p := range model {
		if !p.InRotation() || roll.Of(p) != target {
			return false
		}
	}
	return len(model) > 0
}

// recoverySteps are the steps that bring every process that has a release
// back to serving the release it already points at, one at a time; a
// process that never ran has nothing to return to and waits for a release.
func recoverySteps(model []roll.Proc) []roll.Step {
	var out []roll.Step
	for _, p := range model {
		if p.Release != "" {
			out = append(out, roll.Plan([]roll.Proc{p}, roll.Of(p))...)
		}
	}
	return out
}

// Report states (api.AgentReport.State).
const (
	reportStarting  = api.AgentStarting
	reportDeploying = api.AgentDeploying
	reportReady     = api.AgentReady
	reportFailed    = api.AgentFailed
	reportStale     = api.AgentStale
)

// reportState is the report state: the coordinator's (fleet) state,
// except that ready needs every process serving the target (a box whose
// process is being repaired says starting), and a box that cannot reach
// Consul says stale unless it is deploying or failed.
func reportState(fleetState string, model []roll.Proc, target roll.Target, stale bool) string {
	switch {
	case fleetState == reportFailed || fleetState == reportDeploying:
		return fleetState
	case stale:
		return reportStale
	case fleetState == reportReady && (target.Release == "" || !allOn(model, target)):
		return reportStarting
	}
	return fleetState
}
