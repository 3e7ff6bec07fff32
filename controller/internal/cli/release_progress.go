package cli

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// progressLine says where a rolling record stands: "rolling: 2
// deploying, 5 waiting, 1 ready (max in flight 2 of 8)"; a rollback
// record says "rolling back to R". Pure.
func progressLine(rec *api.Release, live []api.AgentReport) string {
	what := "rolling"
	if rec.RollbackOf != "" {
		what = "rolling back to " + rec.Release
	}
	if len(live) == 0 {
		return what + ": no live instances yet"
	}
	return fmt.Sprintf("%s: %s (max in flight %d of %d)", what, fleetCounts(rec, live), fleet.Limit(rec, len(live)), len(live))
}

// stateOrder is the order states are counted in.
var stateOrder = []string{api.AgentDeploying, api.AgentWaiting, api.AgentStarting, api.AgentReady, api.AgentFailed, api.AgentStale}

// fleetCounts counts the live instances by state; instances ready on
// another release than rec's are counted by what they are ready on.
// Pure.
func fleetCounts(rec *api.Release, live []api.AgentReport) string {
	if len(live) == 0 {
		return "no live instances"
	}
	n := map[string]int{}
	var others []string
	for _, a := range live {
		key := a.State
		if a.State == api.AgentReady && !fleet.ReadyOn(a, rec) {
			key = "ready on " + readyOn(a, rec)
			if n[key] == 0 {
				others = append(others, key)
			}
		}
		n[key]++
	}
	sort.Strings(others)
	var parts []string
	for _, k := range slices.Concat(stateOrder, others) {
		if n[k] > 0 {
			parts = append(parts, strconv.Itoa(n[k])+" "+k)
		}
	}
	return strings.Join(parts, ", ")
}

// readyOn names what a ready instance off rec's target serves.
func readyOn(a api.AgentReport, rec *api.Release) string {
	switch {
	case a.Release == "":
		return "nothing"
	case a.Release == rec.Release:
		return "config_rev " + strconv.Itoa(a.ConfigRev)
	}
	return a.Release
}

// printFailures prints, under a header, each failed instance with its
// whole error (which carries the failing process's output); the halt
// record stands in when no live instance reports the failure any more
// (it moved on, or is gone). Nothing when there is neither.
func printFailures(w io.Writer, failures []api.AgentReport, halt *api.Halt) {
	if len(failures) == 0 && halt == nil {
		return
	}
	fmt.Fprintln(w, "  failed instances:")
	for _, a := range failures {
		fmt.Fprintf(w, "    %s: %s\n", a.InstanceID, indentRest(orDash(a.Error), "        "))
	}
	if len(failures) == 0 {
		fmt.Fprintf(w, "    %s (as the halt recorded it): %s\n", halt.InstanceID, indentRest(orDash(halt.Error), "        "))
	}
}
