package fleet

import (
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestDecideAgent(t *testing.T) {
	r1, r2 := rel("r1"), rel("r2")
	rolling := withGood(rel("r2"), r1)
	cases := []struct {
		name    string
		view    AgentView
		move    Move
		target  Target
		state   string
		haltsOK bool
	}{
		{"no record, nothing served", AgentView{}, MoveNone, Target{}, api.AgentStarting, false},
		{"no record, serving", AgentView{Serving: tgt("r0")}, MoveNone, Target{}, api.AgentReady, false},
		{"on the desired release", AgentView{Record: r2, Serving: tgt("r2")}, MoveNone, Target{}, api.AgentReady, false},
		{"config revision differs", AgentView{Record: r2, Serving: Target{Release: "r2", ConfigRev: 3}}, MoveRoll, tgt("r2"), api.AgentWaiting, true},
		{"serving an older release rolls, paced", AgentView{Record: rolling, Serving: tgt("r1")}, MoveRoll, tgt("r2"), api.AgentWaiting, true},
		{"first release on a new box", AgentView{Record: r1}, MoveStart, tgt("r1"), api.AgentStarting, false},
		{"new box while rolling serves the last good", AgentView{Record: rolling}, MoveStart, tgt("r1"), api.AgentStarting, false},
		{"new box while halted serves the last good", AgentView{Record: halted(withGood(rel("r2"), r1))}, MoveStart, tgt("r1"), api.AgentStarting, false},
		{"new box, last good is the desired", AgentView{Record: withGood(rel("r2"), r2)}, MoveStart, tgt("r2"), api.AgentStarting, false},
		{"new box, halted, no last good", AgentView{Record: halted(rel("r2"))}, MoveNone, Target{}, api.AgentStarting, false},
		{"serving box holds on a halt", AgentView{Record: halted(withGood(rel("r2"), r1)), Serving: tgt("r1")}, MoveHold, Target{}, api.AgentWaiting, false},
		{"box that failed this record waits", AgentView{Record: rolling, Serving: tgt("r1"),
			Failed: Failure{Seq: 1, Target: tgt("r2")}}, MoveNone, Target{}, api.AgentFailed, false},
		{"a failure on an older record does not block", AgentView{Record: rolling, Serving: tgt("r1"),
			Failed: Failure{Seq: 0, Target: tgt("r2")}}, MoveRoll, tgt("r2"), api.AgentWaiting, true},
		{"new box that failed the last good waits", AgentView{Record: rolling,
			Failed: Failure{Seq: 1, Target: tgt("r1")}}, MoveNone, Target{}, api.AgentFailed, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := DecideAgent(c.view)
			if d.Move != c.move || d.Target != c.target || d.State != c.state || d.Halts() != c.haltsOK || d.Why == "" {
				t.Fatalf("DecideAgent = %+v\nwant move %s target %s state %s halts %v (and a reason)", d, c.move, c.target, c.state, c.haltsOK)
			}
			if d.Move == MoveStart || d.Move == MoveRoll {
				if RefTarget(d.Ref) != d.Target || d.Ref.SHA256 == "" {
					t.Fatalf("Ref %+v does not name target %s", d.Ref, d.Target)
				}
			}
		})
	}
}

func TestLimit(t *testing.T) {
	cases := []struct {
		mif  string
		n    int
		want int
	}{{"", 8, 2}, {"", 3, 1}, {"", 0, 1}, {"50%", 8, 4}, {"100%", 5, 5}, {"1", 8, 1}, {"3", 2, 3}, {"junk", 8, 2}}
	for _, c := range cases {
		r := rel("r1")
		r.MaxInFlight = c.mif
		if got := Limit(r, c.n); got != c.want {
			t.Errorf("Limit(%q, %d) = %d, want %d", c.mif, c.n, got, c.want)
		}
	}
}
