package fleet

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/asgctl/asgctl/controller/api"
)

// drawView draws an agent's view over a handful of releases and config
// revisions, halted or not, with or without a last good, serving anything
// or nothing, with or without a failure on this or an older record.
func drawView(t *rapid.T) AgentView {
	pick := func(label string) Target {
		return Target{Release: rapid.SampledFrom([]string{"r1", "r2", "r3"}).Draw(t, label+"_release"),
			ConfigRev: rapid.IntRange(0, 1).Draw(t, label+"_rev")}
	}
	want := pick("desired")
	rec := rel(want.Release)
	rec.ConfigRev, rec.Seq = want.ConfigRev, rapid.IntRange(1, 3).Draw(t, "seq")
	if rapid.Bool().Draw(t, "has_last_good") {
		g := pick("last_good")
		ref := rel(g.Release).Ref()
		ref.ConfigRev = g.ConfigRev
		rec.LastGood = &ref
	}
	if rapid.Bool().Draw(t, "halted") {
		halted(rec)
	}
	v := AgentView{Record: rec}
	if rapid.Bool().Draw(t, "serving") {
		v.Serving = pick("serving")
	}
	if rapid.Bool().Draw(t, "failed") {
		v.Failed = Failure{Seq: rapid.IntRange(1, 3).Draw(t, "failed_seq"), Target: pick("failed")}
	}
	return v
}

// The agent's safety rules hold for every view:
//   - a halted release never reaches a box;
//   - only a box serving nothing starts without a slot, and only a serving
//     box rolls (and halts the release when it fails);
//   - a box moves only to the desired or the last good release, and a
//     serving box only to the desired one;
//   - a box never retries what it failed for good on the same record;
//   - the decision is deterministic.
func TestDecideAgentProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := drawView(t)
		d := DecideAgent(v)
		if err := agentViolation(v, d); err != nil {
			t.Fatalf("%v\nview %+v (halt %v, last good %+v)\ndecision %+v", err, v, v.Record.Halt != nil, v.Record.LastGood, d)
		}
		if again := DecideAgent(v); again != d {
			t.Fatalf("not deterministic: %+v then %+v", d, again)
		}
	})
}

// agentViolation is the first rule d breaks for v, nil when none.
func agentViolation(v AgentView, d Decision) error {
	rec, want := v.Record, TargetOf(v.Record)
	moves := d.Move == MoveStart || d.Move == MoveRoll
	switch {
	case moves && rec.Halt != nil && d.Target == want:
		return fmt.Errorf("moves to the halted release")
	case d.Move == MoveStart && !v.Serving.IsZero():
		return fmt.Errorf("a serving box starts without a slot")
	case d.Move == MoveRoll && v.Serving.IsZero():
		return fmt.Errorf("a box serving nothing takes a slot")
	case d.Move == MoveRoll && d.Target != want:
		return fmt.Errorf("a serving box rolls to %s, not the desired %s", d.Target, want)
	case moves && d.Target != want && d.Target != lastGood(rec):
		return fmt.Errorf("moves to %s, neither desired nor last good", d.Target)
	case moves && v.Failed == (Failure{Seq: rec.Seq, Target: d.Target}):
		return fmt.Errorf("retries a target it failed for good on this record")
	case v.Serving == want && d.Move != MoveNone:
		return fmt.Errorf("moves although it serves the desired release")
	case d.Move == MoveNone && d.State == api.AgentReady && v.Serving != want:
		return fmt.Errorf("reports ready while not on the desired release")
	}
	return nil
}

// The property fires on broken decisions: each of these breaks one rule.
func TestAgentViolationCatchesBrokenDecisions(t *testing.T) {
	haltedRec := halted(withGood(rel("r2"), rel("r1")))
	broken := []struct {
		name string
		v    AgentView
		d    Decision
	}{
		{"ignores the halt", AgentView{Record: haltedRec, Serving: tgt("r1")}, Decision{Move: MoveRoll, Target: tgt("r2")}},
		{"new box ignores the last good", AgentView{Record: haltedRec}, Decision{Move: MoveStart, Target: tgt("r2")}},
		{"serving box skips the slot", AgentView{Record: rel("r2"), Serving: tgt("r1")}, Decision{Move: MoveStart, Target: tgt("r2")}},
		{"retries a failure", AgentView{Record: rel("r2"), Serving: tgt("r1"), Failed: Failure{Seq: 1, Target: tgt("r2")}},
			Decision{Move: MoveRoll, Target: tgt("r2")}},
		{"claims ready", AgentView{Record: rel("r2"), Serving: tgt("r1")}, Decision{Move: MoveNone, State: api.AgentReady}},
	}
	for _, b := range broken {
		if agentViolation(b.v, b.d) == nil {
			t.Errorf("%s: not caught", b.name)
		}
	}
}
