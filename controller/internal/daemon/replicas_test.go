package daemon_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/daemon"
)

// startSecond deploys web once under a (which must be the only replica),
// starts a second replica ctl-b, then promotes a new AMI and returns once
// a has shifted part of the traffic (paused at the first step).
func (e *env) startSecond(a *replica) *replica {
	e.t.Helper()
	e.waitFor("ctl-a takes the lock", time.Minute, func() bool { return e.holder("web") == a.d.ID() })
	e.promote("web", amiNext)
	e.waitFor("first deploy complete", time.Hour, e.phaseIs("web", api.PhaseComplete))
	b := e.start(e.config("ctl-b", nil))
	e.promote("web", amiThird)
	e.waitFor("blue/green rollout mid-shift", time.Hour, func() bool {
		r := e.record("web")
		return r != nil && r.Seq == 2 && r.Phase == api.PhasePaused
	})
	return b
}

// checkGroups checks the service's groups: the live one and the retained
// previous one, no duplicate.
func (e *env) checkGroups(want ...string) {
	e.t.Helper()
	got := e.groups("web")
	slices.Sort(got)
	if !slices.Equal(got, want) {
		e.t.Fatalf("groups %v, want %v", got, want)
	}
	if r := e.record("web"); r.AMI != amiThird || r.ToGroup != want[len(want)-1] {
		e.t.Fatalf("record %+v, want %s live on %s", r, amiThird, want[len(want)-1])
	}
}

func TestReplicasShareAServiceAndTakeOverOnShutdown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		e.putSpec(e.spec("web"))
		a := e.start(e.config("ctl-a", nil))
		b := e.startSecond(a)
		if e.holder("web") != "ctl-a" {
			t.Fatalf("lock holder %q mid-rollout, want ctl-a", e.holder("web"))
		}
		assertLockGauges(t, a, b)

		if err := a.stop(); err != nil {
			t.Fatalf("ctl-a Run: %v", err)
		}
		e.waitFor("rollout complete under ctl-b", time.Hour, e.phaseIs("web", api.PhaseComplete))
		if h := e.holder("web"); h != "ctl-b" {
			t.Fatalf("lock holder %q after the takeover, want ctl-b", h)
		}
		e.checkGroups("web-v001", "web-v002")
		if err := b.stop(); err != nil {
			t.Fatalf("ctl-b Run: %v", err)
		}
	})
}

func TestReplicaTakesOverFromOneThatCrashed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		e.putSpec(e.spec("web"))
		link := &cuttable{Backend: e.mem}
		a := e.start(e.config("ctl-a", link))
		b := e.startSecond(a)

		link.setCut(true) // ctl-a can no longer renew, release or write anything
		cut := e.clk.Now()
		e.waitFor("ctl-b takes the lock", 2*time.Minute, func() bool { return e.holder("web") == "ctl-b" })
		t.Logf("takeover after %v", e.clk.Now().Sub(cut))
		if hbs, err := e.store.Controllers(ctx); err != nil || len(hbs) != 1 || hbs[0].ID != "ctl-b" {
			t.Fatalf("live controllers %+v, %v; want ctl-b alone", hbs, err)
		}
		e.waitFor("rollout complete under ctl-b", time.Hour, e.phaseIs("web", api.PhaseComplete))
		e.checkGroups("web-v001", "web-v002")
		if code, body := a.get("/healthz"); code != 503 {
			t.Fatalf("cut-off replica /healthz = %d %q, want 503", code, body)
		}
		_ = a.stop() // it may or may not still hold something it cannot release
		if err := b.stop(); err != nil {
			t.Fatalf("ctl-b Run: %v", err)
		}
	})
}

func TestShutdownReleasesLocksAndTheHeartbeat(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		e.putSpec(e.spec("web"))
		e.putSpec(e.spec("api"))
		r := e.start(e.config("ctl-1", nil))
		e.waitFor("both locks taken", time.Minute, func() bool {
			return e.holder("web") == "ctl-1" && e.holder("api") == "ctl-1"
		})
		if hbs, err := e.store.Controllers(ctx); err != nil || len(hbs) != 1 || hbs[0].ID != "ctl-1" {
			t.Fatalf("heartbeats %+v, %v; want ctl-1", hbs, err)
		}
		if err := r.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if hbs, err := e.store.Controllers(ctx); err != nil || len(hbs) != 0 {
			t.Fatalf("heartbeats after shutdown %+v, %v; want none", hbs, err)
		}
		if en, _, err := e.mem.Get(ctx, api.KeyController("ctl-1"), nil); en != nil || err != nil {
			t.Fatalf("heartbeat key left behind: %+v, %v", en, err)
		}
		// Released cleanly: no lock-delay, another replica may start at once.
		next := e.start(e.config("ctl-1", nil))
		e.waitFor("locks taken by the next replica", time.Second, func() bool {
			return e.holder("web") == "ctl-1" && e.holder("api") == "ctl-1"
		})
		if err := next.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}

func TestDuplicateControllerIDIsRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t)
		first := e.start(e.config("ctl-1", nil))
		_, err := e.launch(e.config("ctl-1", nil))
		if !errors.Is(err, daemon.ErrIDInUse) {
			t.Fatalf("second replica with the same id: %v, want ErrIDInUse", err)
		}
		if !strings.Contains(err.Error(), `"ctl-1"`) {
			t.Errorf("error %q does not name the id", err)
		}
		if err := first.stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
	})
}

// assertLockGauges checks that exactly one of the replicas reports the
// lock of web held.
func assertLockGauges(t *testing.T, replicas ...*replica) {
	t.Helper()
	held := 0
	for _, r := range replicas {
		_, text := r.get("/metrics")
		held += int(parseMetrics(t, text).value(t, "asgctl_lock_held", "service", "web"))
	}
	if held != 1 {
		t.Fatalf("%d replicas report holding the lock of web, want 1", held)
	}
}
