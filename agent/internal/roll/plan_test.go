package roll

import (
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	cfg2 := Target{Release: "r1", ConfigRev: "2"}
	cases := []struct {
		name    string
		current []Proc
		target  Target
		want    string
	}{
		{"all on target", procs(3, newT, StateServing), newT, ""},
		{"all old", procs(3, oldT, StateServing), newT, full(0) + " " + full(1) + " " + full(2)},
		{"config change only", procs(1, oldT, StateServing), cfg2, full(0)},
		{"skip done", []Proc{
			{Index: 0, Release: "r2", ConfigRev: "1", State: StateServing},
			{Index: 1, Release: "r1", ConfigRev: "1", State: StateServing},
		}, newT, full(1)},
		{"out of rotation first", []Proc{
			{Index: 0, Release: "r1", ConfigRev: "1", State: StateServing},
			{Index: 1, Release: "r1", ConfigRev: "1", State: StateStopped},
		}, newT, "1:switch 1:start 1:health 1:enable " + full(0)},
		{"draining old", []Proc{{Index: 0, Release: "r1", ConfigRev: "1", State: StateDraining}}, newT,
			"0:stop 0:switch 0:start 0:health 0:enable"},
		{"starting on target", []Proc{{Index: 0, Release: "r2", ConfigRev: "1", State: StateStarting}}, newT,
			"0:health 0:enable"},
		{"stopped on target", []Proc{{Index: 0, Release: "r2", ConfigRev: "1", State: StateStopped}}, newT,
			"0:start 0:health 0:enable"},
		{"failed on target", []Proc{{Index: 0, Release: "r2", ConfigRev: "1", State: StateFailed}}, newT,
			"0:stop 0:start 0:health 0:enable"},
		{"empty", nil, newT, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := short(Plan(c.current, c.target)); got != c.want {
				t.Fatalf("Plan =\n  %s\nwant\n  %s", got, c.want)
			}
		})
	}
}

func TestPlanSwitchCarriesTarget(t *testing.T) {
	for _, s := range Plan(procs(2, oldT, StateServing), newT) {
		if s.To != newT {
			t.Fatalf("step %+v: To = %+v, want %+v", s, s.To, newT)
		}
	}
}

func TestPlanDoesNotModifyInput(t *testing.T) {
	in := []Proc{
		{Index: 0, Release: "r1", ConfigRev: "1", State: StateServing},
		{Index: 1, Release: "r1", ConfigRev: "1", State: StateStopped},
	}
	Plan(in, newT)
	if in[0].Index != 0 || in[1].State != StateStopped {
		t.Fatalf("input changed: %+v", in)
	}
}

func TestApplyDoesNotModifyInput(t *testing.T) {
	in := procs(1, oldT, StateServing)
	out := Apply(in, Step{Index: 0, Kind: KindSwitch, To: newT})
	if in[0].Release != "r1" || out[0].Release != "r2" {
		t.Fatalf("in %+v, out %+v", in, out)
	}
	if !strings.Contains(short([]Step{{Index: 3, Kind: KindEnable}}), "3:enable") {
		t.Fatal("short helper broken")
	}
}
