package fleet

import (
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestPhase(t *testing.T) {
	r2 := rel("r2")
	back := rel("r1")
	back.RollbackOf = "r2"
	cases := []struct {
		name string
		rec  *api.Release
		live []api.AgentReport
		want string
	}{
		{"no record", nil, nil, ""},
		{"no instances", r2, nil, api.ReleaseRolling},
		{"some not ready", r2, []api.AgentReport{report("i-1", "ready", "r2"), report("i-2", "deploying", "r2")}, api.ReleaseRolling},
		{"ready on another release", r2, []api.AgentReport{report("i-1", "ready", "r2"), report("i-2", "ready", "r1")}, api.ReleaseRolling},
		{"all ready", r2, []api.AgentReport{report("i-1", "ready", "r2"), report("i-2", "ready", "r2")}, api.ReleaseComplete},
		{"rollback all ready", back, []api.AgentReport{report("i-1", "ready", "r1")}, api.ReleaseRolledBack},
		{"halted wins", halted(rel("r2")), []api.AgentReport{report("i-1", "ready", "r2")}, api.ReleaseHalted},
	}
	for _, c := range cases {
		if got := Phase(c.rec, c.live); got != c.want {
			t.Errorf("%s: Phase = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPhaseNeedsTheConfigRevision(t *testing.T) {
	r := rel("r2")
	r.ConfigRev = 4
	a := report("i-1", "ready", "r2")
	a.ConfigRev = 3
	if got := Phase(r, []api.AgentReport{a}); got != api.ReleaseRolling {
		t.Fatalf("ready on config 3 of config 4: phase %q, want rolling", got)
	}
}

func TestCountsFailuresRolling(t *testing.T) {
	r := rel("r2")
	r.Seq = 7
	bad := report("i-3", "failed", "r1")
	bad.Seq, bad.Desired = 7, "r2"
	old := report("i-4", "failed", "r1")
	old.Seq, old.Desired = 6, "r0"
	live := []api.AgentReport{report("i-1", "deploying", "r2"), report("i-2", "waiting", "r1"), bad, old, report("i-5", "deploying", "r2")}
	if c := Counts(live); c["deploying"] != 2 || c["waiting"] != 1 || c["failed"] != 2 {
		t.Fatalf("Counts = %v", c)
	}
	if f := Failures(r, live); len(f) != 1 || f[0].InstanceID != "i-3" {
		t.Fatalf("Failures = %+v, want only i-3", f)
	}
	if n := Rolling(live); n != 2 {
		t.Fatalf("Rolling = %d", n)
	}
}
