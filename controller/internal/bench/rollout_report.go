package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/internal/benchstat"
)

// OverheadTable is benchmark 1: time to promoted and to complete against
// the floor, one row per ALB setting.
func OverheadTable(rs []RolloutResult) benchstat.Table {
	t := benchstat.Table{
		Title: "Benchmark 1 — rollout overhead (4 instances, 10/50/100, simaws virtual clock)",
		Header: []string{"ALB settings", "result", "to green ready", "floor healthy", "to promoted (100 % green)", "floor promoted",
			"overhead", "ratio", "to complete", "floor complete", "ratio", "floor if threshold × interval"},
	}
	for _, r := range rs {
		f := r.Floor
		t.Add(r.Settings.Name, r.Phase, secs(r.ToHealthy), secs(f.Healthy), secs(r.ToPromoted), secs(f.Promoted),
			secs(r.ToPromoted-f.Promoted), ratio(r.ToPromoted, f.Promoted), secs(r.ToComplete), secs(f.Complete),
			ratio(r.ToComplete, f.Complete), secs(f.ThresholdHealthy))
	}
	t.Notes = append(t.Notes, FloorFormula,
		"Times run from the promote request. \"to green ready\" is the pass that saw every green target healthy and wrote step 1.",
		"The last column is the floor to healthy if a new target needed healthy_threshold passes (it does not, in the ALB or in simaws); shown only for comparison.")
	for _, r := range rs {
		var marks []string
		for _, m := range r.Timeline {
			marks = append(marks, fmt.Sprintf("%s/%d @%s", m.Phase, m.Step, secs(m.At)))
		}
		t.Notes = append(t.Notes, fmt.Sprintf("Timeline (%s): %s", r.Settings.Name, strings.Join(marks, " → ")))
	}
	return t
}

// CallsTable is benchmark 2a/2b: AWS calls per rollout by operation, and
// per idle hour.
func CallsTable(rs []RolloutResult, idle time.Duration) benchstat.Table {
	t := benchstat.Table{Title: "Benchmark 2a/2b — AWS calls per rollout (request → settled) and per idle service", Header: []string{"operation"}}
	ops := map[string]int{}
	for _, r := range rs {
		t.Header = append(t.Header, "rollout, "+r.Settings.Name)
		for op, n := range r.Calls {
			ops[op] += n
		}
		for op, n := range r.IdleCalls {
			ops[op] += n
		}
	}
	for _, r := range rs {
		t.Header = append(t.Header, fmt.Sprintf("idle %s, %s", idle, r.Settings.Name))
	}
	for _, op := range sortedOps(ops) {
		row := []any{op}
		for _, r := range rs {
			row = append(row, r.Calls[op])
		}
		for _, r := range rs {
			row = append(row, r.IdleCalls[op])
		}
		t.Add(row...)
	}
	total := []any{"**total**"}
	for _, r := range rs {
		total = append(total, fmt.Sprintf("**%d** (%d passes)", awsapi.TotalCalls(r.Calls), r.Passes))
	}
	for _, r := range rs {
		total = append(total, fmt.Sprintf("**%d** (%d passes)", awsapi.TotalCalls(r.IdleCalls), r.IdlePasses))
	}
	t.Add(total...)
	for _, r := range rs {
		var parts []string
		for _, ph := range phaseOrder(r) {
			pc := r.ByPhase[ph]
			parts = append(parts, fmt.Sprintf("%s %d calls in %d passes", ph, pc.Calls, pc.Passes))
		}
		t.Notes = append(t.Notes, fmt.Sprintf("By phase the pass observed (%s): %s.", r.Settings.Name, strings.Join(parts, "; ")))
	}
	t.Notes = append(t.Notes, "Idle is driven pass by pass (sim.Driver, no lock renewal between passes): the 15 s lock lapses during each 5 min idle wait "+
		"and is re-taken one lock-retry (15 s) later, so an idle pass comes every ~5 m 15 s here; benchmark 2c measures idle under loop.Run, which renews.")
	return t
}

func phaseOrder(r RolloutResult) []api.Phase {
	var out []api.Phase
	seen := map[api.Phase]bool{}
	if _, ok := r.ByPhase["idle"]; ok {
		out = append(out, "idle")
		seen["idle"] = true
	}
	for _, m := range r.Timeline {
		if !seen[m.Phase] {
			seen[m.Phase] = true
			out = append(out, m.Phase)
		}
	}
	for ph := range r.ByPhase {
		if !seen[ph] {
			out = append(out, ph)
		}
	}
	return out
}
