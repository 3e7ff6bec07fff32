package fleetsim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

// ignoreHalt is a broken decider that decides as if the record were not
// halted.
func ignoreHalt(v fleet.AgentView) fleet.Decision {
	if v.Record != nil && v.Record.Halt != nil {
		r := *v.Record
		r.Halt = nil
		v.Record = &r
	}
	return fleet.DecideAgent(v)
}

// skipSlot is a broken decider that never asks for a pacing slot: a
// serving box starts the release as a box serving nothing would.
func skipSlot(v fleet.AgentView) fleet.Decision {
	d := fleet.DecideAgent(v)
	if d.Move == fleet.MoveRoll {
		d.Move = fleet.MoveStart
	}
	return d
}

// ignoreLastGood is a broken decider whose boxes serving nothing bring up
// the record's own release, halted or not, instead of the last good one.
func ignoreLastGood(v fleet.AgentView) fleet.Decision {
	rec := v.Record
	if rec == nil || !v.Serving.IsZero() || v.Failed == (fleet.Failure{Seq: rec.Seq, Target: fleet.TargetOf(rec)}) {
		return fleet.DecideAgent(v)
	}
	return fleet.Decision{Move: fleet.MoveStart, Target: fleet.TargetOf(rec), Ref: rec.Ref(), State: api.AgentStarting,
		Why: "broken on purpose: a new box takes the record's release"}
}

// holdForever is a broken decider that never rolls a serving box.
func holdForever(v fleet.AgentView) fleet.Decision {
	d := fleet.DecideAgent(v)
	if d.Move == fleet.MoveRoll {
		return fleet.Decision{Move: fleet.MoveHold, State: api.AgentWaiting, Why: "broken on purpose: holds forever"}
	}
	return d
}

// rollForever is a broken decider that rolls a box that is on the
// desired release again, and again: the fleet never settles.
func rollForever(v fleet.AgentView) fleet.Decision {
	d := fleet.DecideAgent(v)
	if rec := v.Record; rec != nil && d.Move == fleet.MoveNone && v.Serving == fleet.TargetOf(rec) {
		return fleet.Decision{Move: fleet.MoveRoll, Target: v.Serving, Ref: rec.Ref(), State: api.AgentWaiting,
			Why: "broken on purpose: rolls again"}
	}
	return d
}

// Each invariant fires on a decider broken to break it: the simulation
// fails every seed it plays with it, naming the invariant.
func TestFleetSimulationCatchesBadDeciders(t *testing.T) {
	cases := []struct {
		name     string
		decide   Decider
		scenario string
		want     string
	}{
		{"never asks for a slot", skipSlot, ScGood, "invariant 1 (pacing)"},
		{"a new box ignores the halt", ignoreHalt, ScHaltNoGood, "invariant 2 (halt)"},
		{"a serving box ignores the halt", ignoreHalt, ScBadNoRollback, "invariant 3 (settling)"},
		{"holds forever", holdForever, ScGood, "invariant 3 (end state)"},
		{"rolls forever", rollForever, ScGood, "invariant 3 (settling)"},
		{"a new box ignores the last good release", ignoreLastGood, ScJoinHalted, "invariant 4 (boot while halted)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range quietCases(tc.scenario, 3) {
				out := runCase(t, c, tc.decide)
				if v := firstWith(out.Violations, tc.want); v != "" {
					t.Logf("seed %d (%s): %s", c.Seed, c, v)
					continue
				}
				t.Errorf("seed %d (%s) did not report %q with a broken decider; it reported:\n    %s",
					c.Seed, c, tc.want, strings.Join(out.Violations, "\n    "))
			}
		})
	}
}

// firstWith is the first violation that mentions want, "" when none.
func firstWith(violations []string, want string) string {
	for _, v := range violations {
		if strings.Contains(v, want) {
			return v
		}
	}
	return ""
}

// quietCases are the cases of the first n seeds that draw scenario and no
// faults, so each broken decider meets its situation for sure.
func quietCases(scenario string, n int) []Case {
	var out []Case
	for s := uint64(1); len(out) < n; s++ {
		if c := Draw(s); c.Scenario == scenario && c.Mix.Name == "none" {
			out = append(out, c)
		}
	}
	return out
}

// The real decider passes the same seeds: what fires above is the broken
// decision, not the scenario.
func TestFleetSimulationPassesTheQuietCases(t *testing.T) {
	for _, scenario := range Scenarios {
		for _, c := range quietCases(scenario, 3) {
			t.Run(fmt.Sprintf("%s/seed=%d", scenario, c.Seed), func(t *testing.T) {
				if out := runCase(t, c, nil); len(out.Violations) > 0 {
					t.Error(failureText(out))
				}
			})
		}
	}
}
