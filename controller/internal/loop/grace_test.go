package loop_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// graceRun is a loop on a virtual clock (run it inside a synctest bubble)
// whose first action blocks in hold until the test lets it go.
type graceRun struct {
	cloud  *simaws.Cloud
	locker consulkv.Locker
	inPass chan struct{} // closed when the first action is about to run
	cancel context.CancelFunc
	done   chan struct{}
}

func startGraceRun(t *testing.T, grace time.Duration, hold func()) *graceRun {
	t.Helper()
	clk := clock.Real{}
	cloud := simaws.New(simaws.Config{Clock: clk, Seed: 1})
	mem := consulkv.NewMemory(clk)
	store := consulkv.NewStore(mem)
	spec := newSpec(cloud)
	if err := store.PutSpec(ctx, &spec); err != nil {
		t.Fatal(err)
	}
	g := &graceRun{cloud: cloud, locker: consulkv.NewLocker(mem, clk, consulkv.LockOptions{}),
		inPass: make(chan struct{}), done: make(chan struct{})}
	dec := &decider{}
	dec.script(func(o reconcile.Observed, d reconcile.Desired) reconcile.Plan {
		return reconcile.Plan{Phase: api.PhaseLaunching, RequeueAfter: time.Minute, Actions: []reconcile.Action{
			{Kind: reconcile.ActCreateLTVersion, LaunchTemplateID: d.Spec.LaunchTemplateID, AMI: amiNext, Description: "web-v001"},
		}}
	})
	var once sync.Once
	l := loop.New(loop.Config{
		Service: svc, Holder: "ctl-1", Store: store, Locker: g.locker, Clients: cloud.Clients(),
		Clock: clk, Decide: dec.decide, PassGrace: grace,
		Before: func(int, reconcile.Action) error {
			once.Do(func() { close(g.inPass); hold() })
			return nil
		},
	})
	runCtx, cancel := context.WithCancel(ctx)
	g.cancel = cancel
	go func() {
		defer close(g.done)
		if err := l.Run(runCtx, nil); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	<-g.inPass
	return g
}

func (g *graceRun) versionsCreated() int { return g.cloud.Calls()["CreateLaunchTemplateVersion"] }

func TestRunLetsThePassUnderWayFinish(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		g := startGraceRun(t, 0, func() { <-release })
		g.cancel()
		synctest.Wait()
		select {
		case <-g.done:
			t.Fatal("Run returned in the middle of a pass")
		default:
		}
		close(release)
		<-g.done
		if n := g.versionsCreated(); n != 1 {
			t.Fatalf("the pass under way was cut: %d launch template versions created, want 1", n)
		}
		lk, ok, err := g.locker.TryLock(ctx, svc, "ctl-2")
		if !ok || err != nil {
			t.Fatalf("lock not released after the last pass: %v, %v", ok, err)
		}
		if err := lk.Unlock(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRunCutsAPassThatOutlastsTheGrace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := clock.Real{}
		g := startGraceRun(t, 5*time.Second, func() { <-clk.After(time.Minute) })
		start := clk.Now()
		g.cancel()
		<-g.done
		if n := g.versionsCreated(); n != 0 {
			t.Fatalf("%d launch template versions created after the grace ran out, want 0", n)
		}
		if waited := clk.Now().Sub(start); waited != time.Minute {
			t.Fatalf("Run returned %v after cancel, want when the held action gave up (1m)", waited)
		}
	})
}

func TestRunWithNegativeGraceCutsThePassAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		g := startGraceRun(t, -1, func() { <-release })
		g.cancel()
		close(release)
		<-g.done
		if n := g.versionsCreated(); n != 0 {
			t.Fatalf("%d launch template versions created after cancel, want 0", n)
		}
	})
}
