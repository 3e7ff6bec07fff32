package fleet

import (
	"sort"

	"github.com/asgctl/asgctl/controller/api"
)

// Phase is the phase of record rec given the live agent reports:
// halted once an instance failed it for good; complete (rolled_back for a
// rollback record) once every live instance is ready on it; rolling
// otherwise, also when no instance reports at all. "" for no record.
func Phase(rec *api.Release, live []api.AgentReport) string {
	switch {
	case rec == nil:
		return ""
	case rec.Halt != nil:
		return api.ReleaseHalted
	case !allReady(rec, live):
		return api.ReleaseRolling
	case rec.RollbackOf != "":
		return api.ReleaseRolledBack
	}
	return api.ReleaseComplete
}

// allReady reports whether there are live reports and every one is ready
// on rec's release and config revision.
func allReady(rec *api.Release, live []api.AgentReport) bool {
	for _, a := range live {
		if !ReadyOn(a, rec) {
			return false
		}
	}
	return len(live) > 0
}

// ReadyOn reports whether report a is ready on rec's target.
func ReadyOn(a api.AgentReport, rec *api.Release) bool {
	return a.State == api.AgentReady && a.Release == rec.Release && a.ConfigRev == rec.ConfigRev
}

// Counts is how many live instances are in each report state.
func Counts(live []api.AgentReport) map[string]int {
	out := map[string]int{}
	for _, a := range live {
		out[a.State]++
	}
	return out
}

// Failures are the live reports that failed rec (record seq or release),
// sorted by instance id.
func Failures(rec *api.Release, live []api.AgentReport) []api.AgentReport {
	var out []api.AgentReport
	for _, a := range live {
		if a.State == api.AgentFailed && (a.Seq == rec.Seq || a.Desired == rec.Release) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].InstanceID < out[j].InstanceID })
	return out
}

// Rolling counts the live instances that hold a pacing slot and roll now.
func Rolling(live []api.AgentReport) int { return Counts(live)[api.AgentDeploying] }
