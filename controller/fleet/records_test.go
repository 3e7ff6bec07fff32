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
	want, ok := Rollback(cur, "asgctl controller", t0)
	if !ok || want.Release != "r1" || want.RollbackOf != "r2" || want.MaxInFlight != "1" || want.SHA256 != digest("r1") {
		t.Fatalf("Rollback = %+v, %v", want, ok)
	}
	if _, ok := Rollback(rel("r2"), "x", t0); ok {
		t.Fatal("rollback without a last good")
	}
	if _, ok := Rollback(withGood(rel("r2"), rel("r2")), "x", t0); ok {
		t.Fatal("rollback to itself")
	}
}
