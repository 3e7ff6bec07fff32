package daemon_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// releaseFix is a record of release id.
func releaseFix(id string, at time.Time) api.Release {
	sum := sha256.Sum256([]byte(id))
	return api.Release{Version: 1, Release: id, Artifact: "s3://builds/web/" + id + ".tar.gz", SHA256: hex.EncodeToString(sum[:]),
		CreatedAt: at, CreatedBy: "ci", MaxInFlight: "1"}
}

// putRelease writes rec to deploys/web as is (as an agent records a halt).
func (e *env) putRelease(rec *api.Release) {
	e.t.Helper()
	data, err := api.Encode(rec)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.mem.Put(ctx, api.KeyDeploy("web"), data); err != nil {
		e.t.Fatal(err)
	}
}

// deployRecord reads deploys/web.
func (e *env) deployRecord() *api.Release {
	e.t.Helper()
	rec, _, err := releases.ReadRecord(ctx, e.mem, "web")
	if err != nil || rec == nil {
		e.t.Fatalf("read deploys/web: %v %v", rec, err)
	}
	return rec
}

// agents holds the session of each fake instance of web.
type agents struct {
	e        *env
	sessions map[string]string
}

// report writes instance id's report, held by its session.
func (a *agents) report(id, state, release string) {
	a.e.t.Helper()
	if a.sessions[id] == "" {
		s, err := a.e.mem.CreateSession(ctx, "agent "+id, 0, 0)
		if err != nil {
			a.e.t.Fatal(err)
		}
		a.sessions[id] = s
	}
	data, _ := api.Encode(api.AgentReport{Version: 1, Service: "web", InstanceID: id, Release: release, State: state,
		Processes: []api.ProcessReport{}, UpdatedAt: a.e.clk.Now()})
	if ok, err := a.e.mem.Acquire(ctx, api.KeyAgent("web", id), data, a.sessions[id]); !ok || err != nil {
		a.e.t.Fatalf("report %s: %v %v", id, ok, err)
	}
}

// r2OverR1 writes r1, ready on i-1 and i-2, then r2 over it (seq 2, last
// good r1), as `asgctl release` does.
func (e *env) r2OverR1() (*agents, *api.Release) {
	e.t.Helper()
	a := &agents{e: e, sessions: map[string]string{}}
	for _, id := range []string{"r1", "r2"} {
		st, err := releases.Read(ctx, e.mem, "web")
		if err != nil {
			e.t.Fatal(err)
		}
		next, ended := fleet.Successor(st.Record, releaseFix(id, e.clk.Now()), st.Live, e.clk.Now())
		if ok, err := releases.Write(ctx, e.mem, "web", next, st.Index, ended); !ok || err != nil {
			e.t.Fatalf("write %s: %v %v", id, ok, err)
		}
		if id == "r1" {
			a.report("i-1", api.AgentReady, "r1")
			a.report("i-2", api.AgentReady, "r1")
		}
	}
	rec := e.deployRecord()
	if rec.Seq != 2 || rec.LastGood == nil || rec.LastGood.Release != "r1" {
		e.t.Fatalf("setup: %+v", rec)
	}
	return a, rec
}

// casBarrier holds each check-and-set of deploys/web until two have
// arrived, so two guards have both read and decided before either writes;
// it fails the test when the second never comes. It returns the number of
// check-and-sets seen.
func (e *env) casBarrier() *atomic.Int32 {
	var n atomic.Int32
	var once sync.Once
	both := make(chan struct{})
	e.mem.SetInterceptor(func(op, key string) error {
		if op != consulkv.OpCAS || key != api.KeyDeploy("web") {
			return nil
		}
		if n.Add(1) == 2 {
			once.Do(func() { close(both) })
		}
		select {
		case <-both:
			return nil
		case <-time.After(time.Minute):
			e.t.Error("only one replica tried to write the rollback")
			return errors.New("barrier timed out")
		}
	})
	e.t.Cleanup(func() { e.mem.SetInterceptor(nil) })
	return &n
}

// Two replicas see the same halted release and both decide to roll it
// back: one rollback record is written, with one history entry.
func TestReleaseGuardRollsBackAHaltOnceAcrossReplicas(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		e.start(e.config("ctl-a", nil))
		e.start(e.config("ctl-b", nil))
		_, r2 := e.r2OverR1()
		synctest.Wait()
		cas := e.casBarrier()
		halted, _ := fleet.HaltRecord(r2, "i-2", "process 0 failed its health check", e.clk.Now())
		e.putRelease(halted)
		e.waitFor("the rollback", time.Hour, func() bool { return e.deployRecord().Seq == 3 })
		rec := e.deployRecord()
		if rec.Release != "r1" || rec.RollbackOf != "r2" || rec.Halt != nil ||
			(rec.CreatedBy != "asgctl controller ctl-a" && rec.CreatedBy != "asgctl controller ctl-b") {
			t.Fatalf("rollback record %+v", rec)
		}
		h, err := releases.History(ctx, e.mem, "web", 0)
		if err != nil || len(h) != 2 || h[0].Record.Seq != 2 || h[0].Outcome != api.ReleaseHalted {
			t.Fatalf("history %+v %v", h, err)
		}
		if got := cas.Load(); got != 2 {
			t.Fatalf("%d writes of deploys/web tried, want the two racing ones", got)
		}
	})
}

// A rolling release whose last instance becomes ready (an agent report
// changes, not the record) becomes the last good release, in place.
func TestReleaseGuardRecordsACompleteReleaseAsLastGood(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		e.start(e.config("ctl-a", nil))
		a, r2 := e.r2OverR1()
		a.report("i-1", api.AgentReady, "r2")
		<-e.clk.After(10 * time.Second) // the guard has seen the rolling record and waits
		synctest.Wait()
		if rec := e.deployRecord(); rec.LastGood.Release != "r1" {
			t.Fatalf("promoted while rolling: %+v", rec)
		}
		a.report("i-2", api.AgentReady, "r2")
		e.waitFor("the promotion", time.Hour, func() bool { return e.deployRecord().LastGood.Release == "r2" })
		rec := e.deployRecord()
		if rec.Seq != r2.Seq || *rec.LastGood != r2.Ref() {
			t.Fatalf("record %+v", rec)
		}
		if h, _ := releases.History(ctx, e.mem, "web", 0); len(h) != 1 {
			t.Fatalf("a promotion filed history: %+v", h)
		}
	})
}

// A guard whose reads fail retries after a growing delay and rolls back
// once Consul answers again.
func TestReleaseGuardRetriesWithBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		_, r2 := e.r2OverR1()
		var fails atomic.Int32
		e.mem.SetInterceptor(func(op, key string) error {
			if op == consulkv.OpGet && key == api.KeyDeploy("web") && fails.Add(1) <= 3 {
				return errors.New("consul unavailable")
			}
			return nil
		})
		t.Cleanup(func() { e.mem.SetInterceptor(nil) })
		e.start(e.config("ctl-a", nil))
		start := e.clk.Now()
		halted, _ := fleet.HaltRecord(r2, "i-2", "process 0 failed its health check", e.clk.Now())
		e.putRelease(halted)
		rolledBack := func() bool { // read with List: the failing Get is the guard's
			entries, _, err := e.mem.List(ctx, api.KeyDeploy("web"), nil)
			if err != nil || len(entries) != 1 {
				t.Fatalf("list deploys/web: %v %v", entries, err)
			}
			rec, err := api.DecodeRelease(entries[0].Value)
			return err == nil && rec.Seq == 3
		}
		e.waitFor("the rollback", time.Hour, rolledBack)
		if fails.Load() < 3 {
			t.Fatalf("%d reads failed", fails.Load())
		}
		if took := e.clk.Now().Sub(start); took < 7*time.Second || took > time.Minute {
			t.Fatalf("rolled back %v after three failed reads, want after backing off 1s+2s+4s", took)
		}
	})
}
