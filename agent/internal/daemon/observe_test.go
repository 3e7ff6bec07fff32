package daemon

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/controller/api"
)

var (
	r1 = roll.Target{Release: "r1", ConfigRev: "1"}
	r2 = roll.Target{Release: "r2", ConfigRev: "1"}
)

func port(k int) int { return 9001 + k }

// procOn is process k on t in state.
func procOn(k int, t roll.Target, state string) roll.Proc {
	return roll.Proc{Index: k, Port: port(k), Release: t.Release, ConfigRev: t.ConfigRev, State: state}
}

// short renders steps as "0:start 0:health ..." for table tests.
func short(steps []roll.Step) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = fmt.Sprintf("%d:%s", s.Index, s.Kind)
	}
	return strings.Join(parts, " ")
}

func TestObservedState(t *testing.T) {
	cases := []struct {
		recorded string
		running  bool
		want     string
	}{
		{roll.StateServing, true, roll.StateServing},
		{roll.StateStarting, true, roll.StateStarting},
		{roll.StateDraining, true, roll.StateStarting},
		{roll.StateFailed, true, roll.StateStarting},
		{roll.StateStopped, true, roll.StateStarting},
		{"", true, roll.StateStarting},
		{roll.StateServing, false, roll.StateStopped},
		{roll.StateStarting, false, roll.StateStopped},
		{roll.StateFailed, false, roll.StateStopped},
		{"", false, roll.StateStopped},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%q/running=%v", c.recorded, c.running), func(t *testing.T) {
			if got := observedState(c.recorded, c.running); got != c.want {
				t.Fatalf("observedState(%q, %v) = %q, want %q", c.recorded, c.running, got, c.want)
			}
		})
	}
}

func TestObserve(t *testing.T) {
	cases := []struct {
		name    string
		n       int
		recs    []ProcRecord
		running map[int]bool
		want    []roll.Proc
	}{
		{
			name: "no records: every process never ran",
			n:    2,
			want: []roll.Proc{
				{Index: 0, Port: 9001, State: roll.StateStopped},
				{Index: 1, Port: 9002, State: roll.StateStopped},
			},
		},
		{
			name: "records kept, state from whether it runs",
			n:    3,
			recs: []ProcRecord{
				{Index: 0, Release: "r1", ConfigRev: "1", State: roll.StateServing},
				{Index: 1, Release: "r2", ConfigRev: "2", State: roll.StateDraining},
				{Index: 2, Release: "r1", ConfigRev: "1", State: roll.StateServing},
			},
			running: map[int]bool{0: true, 1: true},
			want: []roll.Proc{
				{Index: 0, Port: 9001, Release: "r1", ConfigRev: "1", State: roll.StateServing},
				{Index: 1, Port: 9002, Release: "r2", ConfigRev: "2", State: roll.StateStarting},
				{Index: 2, Port: 9003, Release: "r1", ConfigRev: "1", State: roll.StateStopped},
			},
		},
		{
			name: "missing record in the middle, records out of order",
			n:    3,
			recs: []ProcRecord{
				{Index: 2, Release: "r1", ConfigRev: "1", State: roll.StateServing},
				{Index: 0, Release: "r1", ConfigRev: "1", State: roll.StateServing},
			},
			running: map[int]bool{0: true, 2: true},
			want: []roll.Proc{
				{Index: 0, Port: 9001, Release: "r1", ConfigRev: "1", State: roll.StateServing},
				{Index: 1, Port: 9002, State: roll.StateStopped},
				{Index: 2, Port: 9003, Release: "r1", ConfigRev: "1", State: roll.StateServing},
			},
		},
		{
			name: "records and running indexes out of range are ignored",
			n:    2,
			recs: []ProcRecord{
				{Index: -1, Release: "rx", ConfigRev: "9", State: roll.StateServing},
				{Index: 1, Release: "r1", ConfigRev: "1", State: roll.StateServing},
				{Index: 2, Release: "rx", ConfigRev: "9", State: roll.StateServing},
				{Index: 7, Release: "rx", ConfigRev: "9", State: roll.StateServing},
			},
			running: map[int]bool{-1: true, 1: true, 2: true, 7: true},
			want: []roll.Proc{
				{Index: 0, Port: 9001, State: roll.StateStopped},
				{Index: 1, Port: 9002, Release: "r1", ConfigRev: "1", State: roll.StateServing},
			},
		},
		{
			name: "fewer processes configured than recorded",
			n:    1,
			recs: []ProcRecord{
				{Index: 0, Release: "r1", ConfigRev: "1", State: roll.StateServing},
				{Index: 1, Release: "r1", ConfigRev: "1", State: roll.StateServing},
			},
			running: map[int]bool{0: true, 1: true},
			want:    []roll.Proc{{Index: 0, Port: 9001, Release: "r1", ConfigRev: "1", State: roll.StateServing}},
		},
		{
			name: "running without a record must prove its health",
			n:    1,
			recs: nil, running: map[int]bool{0: true},
			want: []roll.Proc{{Index: 0, Port: 9001, State: roll.StateStarting}},
		},
		{name: "zero processes", n: 0, want: []roll.Proc{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := observe(c.n, port, c.recs, c.running)
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("observe =\n  %+v\nwant\n  %+v", got, c.want)
			}
		})
	}
}

func TestServingIndexes(t *testing.T) {
	cases := []struct {
		name  string
		model []roll.Proc
		want  []int
	}{
		{"empty", nil, nil},
		{"none serving", []roll.Proc{procOn(0, r1, roll.StateStopped), procOn(1, r1, roll.StateStarting)}, nil},
		{"some serving", []roll.Proc{
			procOn(0, r1, roll.StateServing), procOn(1, r1, roll.StateDraining),
			procOn(2, r2, roll.StateServing), procOn(3, r1, roll.StateFailed),
		}, []int{0, 2}},
		{"uses the process index, not the position", []roll.Proc{procOn(5, r1, roll.StateServing)}, []int{5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := servingIndexes(c.model); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("servingIndexes = %v, want %v", got, c.want)
			}
		})
	}
}

func TestAllOn(t *testing.T) {
	cases := []struct {
		name  string
		model []roll.Proc
		want  bool
	}{
		{"empty model is not converged", nil, false},
		{"all serving target", []roll.Proc{procOn(0, r1, roll.StateServing), procOn(1, r1, roll.StateServing)}, true},
		{"one on another release", []roll.Proc{procOn(0, r1, roll.StateServing), procOn(1, r2, roll.StateServing)}, false},
		{"one on another config rev", []roll.Proc{
			procOn(0, r1, roll.StateServing),
			procOn(1, roll.Target{Release: "r1", ConfigRev: "2"}, roll.StateServing),
		}, false},
		{"one on target but starting", []roll.Proc{procOn(0, r1, roll.StateServing), procOn(1, r1, roll.StateStarting)}, false},
		{"one on target but draining", []roll.Proc{procOn(0, r1, roll.StateDraining)}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := allOn(c.model, r1); got != c.want {
				t.Fatalf("allOn = %v, want %v", got, c.want)
			}
		})
	}
}

func TestRecoverySteps(t *testing.T) {
	never := roll.Proc{Index: 0, Port: 9001, State: roll.StateStopped}
	cases := []struct {
		name  string
		model []roll.Proc
		want  string
	}{
		{"empty", nil, ""},
		{"process without a release gets no steps", []roll.Proc{never}, ""},
		{"running process without a release gets no steps", []roll.Proc{{Index: 0, State: roll.StateStarting}}, ""},
		{"serving process gets none", []roll.Proc{procOn(0, r1, roll.StateServing)}, ""},
		{"stopped on r1: start, health, enable", []roll.Proc{procOn(0, r1, roll.StateStopped)}, "0:start 0:health 0:enable"},
		{"running but unproven: health, enable", []roll.Proc{procOn(0, r1, roll.StateStarting)}, "0:health 0:enable"},
		{"one at a time, in order, skipping serving and empty", []roll.Proc{
			procOn(0, r1, roll.StateServing),
			procOn(1, r1, roll.StateStopped),
			{Index: 2, Port: 9003, State: roll.StateStopped},
			procOn(3, r2, roll.StateStarting),
		}, "1:start 1:health 1:enable 3:health 3:enable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := recoverySteps(c.model)
			if short(got) != c.want {
				t.Fatalf("recoverySteps =\n  %s\nwant\n  %s", short(got), c.want)
			}
			// Each process returns to the release it already points at.
			for _, s := range got {
				if want := roll.Of(c.model[s.Index]); s.To != want {
					t.Fatalf("step %+v goes to %+v, want %+v", s, s.To, want)
				}
			}
		})
	}
}

func TestReportState(t *testing.T) {
	serving := []roll.Proc{procOn(0, r1, roll.StateServing), procOn(1, r1, roll.StateServing)}
	mixed := []roll.Proc{procOn(0, r1, roll.StateServing), procOn(1, r1, roll.StateStopped)}
	cases := []struct {
		name   string
		fleet  string
		model  []roll.Proc
		target roll.Target
		stale  bool
		want   string
	}{
		{"failed beats stale", reportFailed, serving, r1, true, reportFailed},
		{"deploying beats stale", reportDeploying, serving, r1, true, reportDeploying},
		{"stale beats ready", reportReady, serving, r1, true, reportStale},
		{"stale beats waiting", api.AgentWaiting, serving, r1, true, reportStale},
		{"ready when all serve the target", reportReady, serving, r1, false, reportReady},
		{"ready needs every process serving", reportReady, mixed, r1, false, reportStarting},
		{"ready needs the target", reportReady, serving, r2, false, reportStarting},
		{"ready needs a target", reportReady, []roll.Proc{{Index: 0, State: roll.StateServing}}, roll.Target{}, false, reportStarting},
		{"waiting stays waiting", api.AgentWaiting, serving, r1, false, api.AgentWaiting},
		{"starting stays starting", reportStarting, nil, roll.Target{}, false, reportStarting},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := reportState(c.fleet, c.model, c.target, c.stale); got != c.want {
				t.Fatalf("reportState = %q, want %q", got, c.want)
			}
		})
	}
}

func TestServingOf(t *testing.T) {
	none := roll.Proc{Index: 1, State: roll.StateStopped}
	cases := []struct {
		name   string
		model  []roll.Proc
		target roll.Target
		want   string
	}{
		{"no processes", nil, r1, "nothing"},
		{"never ran anything", []roll.Proc{{Index: 0, State: roll.StateStopped}, none}, roll.Target{}, "nothing"},
		{"all on r1", []roll.Proc{procOn(0, r1, roll.StateServing), procOn(1, r1, roll.StateStopped)}, r1, "r1@1"},
		{"half way to r2: the old release", []roll.Proc{procOn(0, r2, roll.StateServing), procOn(1, r1, roll.StateServing)}, r2, "r1@1"},
		{"half way up: nothing yet", []roll.Proc{procOn(0, r1, roll.StateServing), none}, r1, "nothing"},
	}
	for _, c := range cases {
		if got := servingOf(c.model, c.target).String(); got != c.want {
			t.Errorf("%s: servingOf = %s, want %s", c.name, got, c.want)
		}
	}
}
