package releases

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// haltedOverR1 writes r1 (ready on i-1 and i-2), then r2 halted by i-2.
func haltedOverR1(t *testing.T, m *consulkv.Memory) *api.Release {
	t.Helper()
	writeNext(t, m, rel("r1"))
	report(t, m, "i-1", api.AgentReady, "r1")
	report(t, m, "i-2", api.AgentReady, "r1")
	r2 := writeNext(t, m, rel("r2"))
	halted, _ := fleet.HaltRecord(r2, "i-2", "process 0: health check failed", t0)
	putRecord(t, m, halted)
	return halted
}

// casBarrier holds every check-and-set of deploys/web until n of them
// have arrived, so n guards have all read and decided before any writes.
func casBarrier(m *consulkv.Memory, n int) {
	var mu sync.Mutex
	arrived, all := 0, make(chan struct{})
	m.SetInterceptor(func(op, key string) error {
		if op != consulkv.OpCAS || key != api.KeyDeploy("web") {
			return nil
		}
		mu.Lock()
		if arrived++; arrived == n {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
			return nil
		case <-time.After(10 * time.Second):
			return errors.New("the other guard never wrote")
		}
	})
}

// Two guards that both decide to roll back the same halted record write
// one rollback record and one history entry between them.
func TestGuardsRacingRollBackOnce(t *testing.T) {
	m := newMemory()
	halted := haltedOverR1(t, m)
	casBarrier(m, 2)
	results := make([]GuardResult, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			var err error
			if results[i], err = Guard(ctx, m, "web", "asgctl controller c"+string(rune('1'+i)), t0); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	m.SetInterceptor(nil)
	written := 0
	for _, r := range results {
		if r.Action.Kind != fleet.GuardRollback {
			t.Fatalf("guard decided %q, want rollback", r.Action.Kind)
		}
		if r.Written {
			written++
		}
	}
	if written != 1 {
		t.Fatalf("%d guards wrote, want 1", written)
	}
	st := mustRead(t, m)
	if st.Record.Seq != halted.Seq+1 || st.Record.Release != "r1" || st.Record.RollbackOf != "r2" || st.Record.Halt != nil {
		t.Fatalf("record after the rollback: %+v", st.Record)
	}
	h := readHistory(t, m, 0)
	if len(h) != 2 || h[0].Record.Seq != halted.Seq || h[0].Outcome != api.ReleaseHalted {
		t.Fatalf("history %+v", h)
	}
	if again, err := Guard(ctx, m, "web", "c3", t0); err != nil || again.Action.Kind != fleet.GuardNone || again.Written {
		t.Fatalf("guard after the rollback: %+v %v", again.Action, err)
	}
}

// A record every live instance is ready on becomes the last good one, in
// place (same seq, no history entry), once.
func TestGuardPromotesACompleteRecord(t *testing.T) {
	m := newMemory()
	writeNext(t, m, rel("r1"))
	report(t, m, "i-1", api.AgentReady, "r1")
	writeNext(t, m, rel("r2"))
	report(t, m, "i-2", api.AgentReady, "r2")
	if err := m.Delete(ctx, api.KeyAgent("web", "i-1")); err != nil { // i-1 left the fleet
		t.Fatal(err)
	}
	res, err := Guard(ctx, m, "web", "c1", t0)
	if err != nil || res.Action.Kind != fleet.GuardPromote || !res.Written {
		t.Fatalf("guard: %+v %v", res, err)
	}
	st := mustRead(t, m)
	if st.Record.Seq != 2 || st.Record.LastGood == nil || *st.Record.LastGood != st.Record.Ref() {
		t.Fatalf("record %+v", st.Record)
	}
	if h := readHistory(t, m, 0); len(h) != 1 {
		t.Fatalf("a promotion filed history: %+v", h)
	}
	if again, err := Guard(ctx, m, "web", "c1", t0); err != nil || again.Action.Kind != fleet.GuardNone {
		t.Fatalf("second guard: %+v %v", again.Action, err)
	}
}
