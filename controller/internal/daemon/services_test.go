package daemon_test

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

func TestSpecAddedWhileRunningGetsARunnerAndAPromoteCompletes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		r := e.start(e.config("ctl-1", nil))
		e.putSpec(e.spec("web"))
		e.waitFor("lock of web taken", time.Minute, func() bool { return e.holder("web") == "ctl-1" })
		start := e.clk.Now()
		e.promote("web", amiNext)
		// The loop sleeps the idle poll (minutes); the desired-state watch
		// must wake it at once.
		e.waitFor("rollout started", time.Second, func() bool { return e.record("web") != nil })
		e.waitFor("rollout complete", time.Hour, e.phaseIs("web", api.PhaseComplete))
		t.Logf("rollout took %v of virtual time", e.clk.Now().Sub(start))
		if rec := e.record("web"); rec.AMI != amiNext || rec.RequestID != "req-1" {
			t.Fatalf("record %+v, want the promoted AMI and request", rec)
		}
		if g := e.groups("web"); len(g) != 1 {
			t.Fatalf("groups after the first deploy: %v, want one", g)
		}
		if err := r.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}

func TestSpecDeletedStopsItsRunnerAndReleasesItsLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		e.putSpec(e.spec("web"))
		e.putSpec(e.spec("api"))
		r := e.start(e.config("ctl-1", nil))
		e.waitFor("both locks taken", time.Minute, func() bool {
			return e.holder("web") == "ctl-1" && e.holder("api") == "ctl-1"
		})
		if err := e.mem.Delete(ctx, api.KeySpec("web")); err != nil {
			t.Fatal(err)
		}
		e.waitFor("lock of web released", time.Minute, func() bool { return e.holder("web") == "" })
		if e.holder("api") != "ctl-1" {
			t.Fatal("the other service's lock went too")
		}
		_, metrics := r.get("/metrics")
		if m := parseMetrics(t, metrics); m.has("asgctl_lock_held", "service", "web") || !m.has("asgctl_lock_held", "service", "api") {
			t.Fatalf("lock gauges after removing web:\n%s", metrics)
		}
		if err := r.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}

func TestAccountChangeRestartsTheRunnerWithNewClients(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		spec := e.spec("web")
		e.putSpec(spec)
		r := e.start(e.config("ctl-1", nil))
		e.waitFor("lock of web taken", time.Minute, func() bool { return e.holder("web") == "ctl-1" })
		spec.Steps = []api.Step{{Weight: 100}} // not an account change
		e.putSpec(spec)
		spec.Region = "eu-west-1"
		e.putSpec(spec)
		e.waitFor("lock of web taken again", time.Minute, func() bool {
			e.mu.Lock()
			defer e.mu.Unlock()
			return len(e.regions) == 2 && e.holder("web") == "ctl-1"
		})
		if err := r.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if want := []string{"us-east-1", "eu-west-1"}; !slices.Equal(e.regions, want) {
			t.Fatalf("clients made for %v, want %v", e.regions, want)
		}
	})
}
