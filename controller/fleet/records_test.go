package fleet

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

func TestHaltRecordKeepsTheFirstFailure(t *testing.T) {
	r := rel("r2")
	h, ok := HaltRecord(r, "i-1", "process 0: health failed", t0)
	if !ok || h.Halt == nil || h.Halt.InstanceID != "i-1" || r.Halt != nil {
		t.Fatalf("HaltRecord = %+v, %v (input %+v)", h, ok, r)
	}
	if _, ok := HaltRecord(h, "i-2", "later", t0); ok {
		t.Fatal("a second halt replaced the first")
	}
	long, _ := HaltRecord(rel("r3"), "i-1", strings.Repeat("x", 10000), t0)
	if len(long.Halt.Error) > maxHaltError+8 {
		t.Fatalf("halt error not bounded: %d bytes", len(long.Halt.Error))
	}
}

func TestSuccessorCarriesTheLastGood(t *testing.T) {
	r1 := rel("r1")
	r1.Seq = 4
	ready := []api.AgentReport{report("i-1", "ready", "r1"), report("i-2", "ready", "r1")}
	next, hist := Successor(r1, *rel("r2"), ready, t0)
	if next.Seq != 5 || next.LastGood == nil || next.LastGood.Release != "r1" || next.Halt != nil {
		t.Fatalf("after a complete r1: %+v", next)
	}
	if hist == nil || hist.Outcome != api.ReleaseComplete || hist.Record.Seq != 4 {
		t.Fatalf("history = %+v", hist)
	}
	// r2 is still rolling when r3 comes: r1 stays the last good.
	half := []api.AgentReport{report("i-1", "ready", "r2"), report("i-2", "waiting", "r1")}
	third, hist := Successor(next, *rel("r3"), half, t0)
	if third.Seq != 6 || third.LastGood.Release != "r1" || hist.Outcome != api.ReleaseSuperseded {
		t.Fatalf("after a rolling r2: %+v, history %s", third, hist.Outcome)
	}
	first, hist := Successor(nil, *rel("r1"), nil, t0)
	if first.Seq != 1 || first.LastGood != nil || hist != nil {
		t.Fatalf("first record: %+v, %v", first, hist)
	}
	for _, r := range []*api.Release{next, third, first} {
		if err := r.Validate(); err != nil {
			t.Fatalf("successor does not validate: %v", err)
		}
	}
}

func TestRollback(t *testing.T) {
	cur := halted(withGood(rel("r2"), rel("r1")))
	cur.MaxInFlight, cur.Seq = "1", 9
	to, ok := RollbackTo(cur, nil)
	if !ok {
		t.Fatal("no rollback target for a halted release with a last good")
	}
	want := Rollback(cur, to, "asgctl controller", t0)
	if want.Release != "r1" || want.RollbackOf != "r2" || want.MaxInFlight != "1" || want.SHA256 != digest("r1") {
		t.Fatalf("Rollback = %+v", want)
	}
	if err := want.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestRollbackTo(t *testing.T) {
	ended := func(r *api.Release, outcome string) api.ReleaseHistory {
		return api.ReleaseHistory{Version: 1, Record: *r, Outcome: outcome, FinishedAt: t0}
	}
	complete2 := withGood(rel("r2"), rel("r2")) // r2 complete: its own last good
	cases := []struct {
		name    string
		cur     *api.Release
		history []api.ReleaseHistory
		want    string
	}{
		{"no record", nil, nil, ""},
		{"halted: the last good", halted(withGood(rel("r2"), rel("r1"))), nil, "r1"},
		{"rolling: the last good", withGood(rel("r2"), rel("r1")), nil, "r1"},
		{"complete: the newest good one in history", complete2, []api.ReleaseHistory{
			ended(rel("r2"), api.ReleaseSuperseded), ended(rel("r9"), api.ReleaseHalted), ended(rel("r1"), api.ReleaseComplete),
			ended(rel("r0"), api.ReleaseComplete)}, "r1"},
		{"complete, nothing good before", complete2, []api.ReleaseHistory{ended(rel("r9"), api.ReleaseHalted)}, ""},
		{"a rolled back release counts", complete2, []api.ReleaseHistory{ended(rel("r1"), api.ReleaseRolledBack)}, "r1"},
	}
	for _, c := range cases {
		to, ok := RollbackTo(c.cur, c.history)
		if got := map[bool]string{true: to.Release, false: ""}[ok]; got != c.want {
			t.Errorf("%s: RollbackTo = %q (%v), want %q", c.name, to.Release, ok, c.want)
		}
	}
}
