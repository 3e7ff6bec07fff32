package fleet

import (
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestGuard(t *testing.T) {
	r1 := rel("r1")
	rolling := withGood(rel("r2"), r1)
	noRollback := halted(withGood(rel("r2"), r1))
	noRollback.NoRollback = true
	ready2 := []api.AgentReport{report("i-1", "ready", "r2"), report("i-2", "ready", "r2")}
	cases := []struct {
		name string
		rec  *api.Release
		live []api.AgentReport
		want GuardKind
	}{
		{"no record", nil, nil, GuardNone},
		{"rolling", rolling, []api.AgentReport{report("i-1", "deploying", "r2")}, GuardNone},
		{"complete becomes the last good", rolling, ready2, GuardPromote},
		{"already the last good", withGood(rel("r2"), rel("r2")), ready2, GuardNone},
		{"halted rolls back", halted(withGood(rel("r2"), r1)), nil, GuardRollback},
		{"halted, rollback off", noRollback, nil, GuardNone},
		{"halted, nothing to go back to", halted(rel("r2")), nil, GuardNone},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Guard(c.rec, c.live, "asgctl controller", t0)
			if a.Kind != c.want || (a.Kind != GuardNone) != (a.Next != nil) || (a.Kind != GuardNone && a.Why == "") {
				t.Fatalf("Guard = %+v, want %q", a, c.want)
			}
			if a.Next != nil {
				if err := a.Next.Validate(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// Applying the guard's record and deciding again on it does nothing more
// until the instances move.
func TestGuardIsIdempotent(t *testing.T) {
	ready2 := []api.AgentReport{report("i-1", "ready", "r2")}
	promoted := Guard(withGood(rel("r2"), rel("r1")), ready2, "c", t0)
	if again := Guard(promoted.Next, ready2, "c", t0); again.Kind != GuardNone {
		t.Fatalf("promote twice: %+v", again)
	}
	back := Guard(halted(withGood(rel("r2"), rel("r1"))), nil, "c", t0)
	if back.History == nil || back.History.Outcome != api.ReleaseHalted || back.Next.RollbackOf != "r2" || back.Next.Seq != 2 {
		t.Fatalf("rollback = %+v", back)
	}
	if again := Guard(back.Next, nil, "c", t0); again.Kind != GuardNone {
		t.Fatalf("rollback twice: %+v", again)
	}
	readyOn1 := []api.AgentReport{report("i-1", "ready", "r1")}
	if done := Guard(back.Next, readyOn1, "c", t0); done.Kind != GuardNone || Phase(back.Next, readyOn1) != api.ReleaseRolledBack {
		t.Fatalf("rolled back record: guard %+v, phase %s", done, Phase(back.Next, readyOn1))
	}
}
