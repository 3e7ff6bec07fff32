package consul

import (
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// ciPolicy is ci.hcl of svc.
func ciPolicy(svc string) policy {
	return policy{"ci.hcl", map[string]string{"service": svc}}
}

// ciInlinePolicy is ci-inline.hcl of svc for sessions on node.
func ciInlinePolicy(svc, node string) policy {
	return policy{"ci-inline.hcl", map[string]string{"service": svc, "node_prefix": node}}
}

// TestCIPolicy: with a token of ci.hcl for web, CI requests a rollout
// and follows it, and writes a release and follows it; it cannot take
// the service lock, write the rollout record or the spec, or touch
// another service.
func TestCIPolicy(t *testing.T) {
	c := newCluster(t)
	g := c.token(ciPolicy("web"))
	ciCalls(t, c, g)
	ciBeyond(t, c, g)
}

// TestCIInlinePolicy: with ci.hcl and ci-inline.hcl for web, CI also
// runs the reconciler under web's lock, but not under another's.
func TestCIInlinePolicy(t *testing.T) {
	c := newCluster(t)
	g := c.token(ciPolicy("web"), ciInlinePolicy("web", c.node))
	ciCalls(t, c, g)
	reconcile(t, c, g.kv)
	locker := consulkv.NewLocker(g.kv, clock.Real{}, consulkv.LockOptions{LockDelay: -1})
	_, _, err := locker.TryLock(c.ctx, "api", "cli-ci-1")
	refused(t, "take the lock of api", err)
	_, err = consulkv.NewStore(g.kv).PutRollout(c.ctx, "api", rolloutOf("api", 1, api.PhaseShifting), 0)
	refused(t, "write api's rollout record", err)
}

// ciCalls makes CI's calls with g: promote --wait, then release --wait.
func ciCalls(t tb, c *cluster, g grant) {
	t.Helper()
	c.put(api.KeySpec("web"), encode(c.t, specOf(c.t, "web")))
	c.put(api.KeyRollout("web"), encode(c.t, rolloutOf("web", 1, api.PhaseComplete)))
	c.hold(api.KeyController("ctl-1"), encode(c.t, api.Heartbeat{Version: 1, ID: "ctl-1", StartedAt: t0}))
	c.hold(api.KeyAgent("web", "i-0abc"), encode(c.t, reportOf("web", "i-0abc")))
	promote(t, c, g.kv)
	release(t, c, g.kv)
}

// promote reads web's state, writes the desired request with
// check-and-set and follows the service's folder, as `asgctl promote
// --wait` does.
func promote(t tb, c *cluster, kv *consulkv.Consul) {
	t.Helper()
	store := consulkv.NewStore(kv)
	_, _, err := store.Spec(c.ctx, "web")
	ok(t, "read the spec", err)
	_, _, err = store.Rollout(c.ctx, "web")
	ok(t, "read the rollout record", err)
	_, idx, err := store.Desired(c.ctx, "web")
	ok(t, "read the desired request", err)
	_, err = store.History(c.ctx, "web")
	ok(t, "read the history", err)
	_, err = store.PutDesired(c.ctx, "web", desiredOf("ami-0abc1234def567890", "req-2"), idx)
	ok(t, "write the desired request", err)
	seesChange(t, c.ctx, kv, api.KeyServicePrefix("web"), true, func() error {
		return c.admin.Put(c.ctx, api.KeyRollout("web"), encode(c.t, rolloutOf("web", 2, api.PhaseShifting)))
	})
	ctrls, err := store.Controllers(c.ctx)
	ok(t, "look for a running controller", err)
	if len(ctrls) != 1 {
		t.Fatalf("controllers = %v, want ctl-1", ctrls)
	}
}

// release reads web's release record, its live reports and its history,
// claims the release id, writes the next record with check-and-set and
// the history entry of the one it replaces, trims the history and
// follows the reports, as `asgctl release --wait` (and config push) do.
func release(t tb, c *cluster, kv *consulkv.Consul) {
	t.Helper()
	c.put(api.KeyDeploy("web"), encode(c.t, releaseOf("web", "r1", 1)))
	rec, idx, err := consulkv.ReadRelease(c.ctx, kv, "web")
	ok(t, "read the release record", err)
	entries, _, err := kv.List(c.ctx, api.KeyAgentsPrefix("web"), &consulkv.QueryOptions{Consistent: true})
	ok(t, "read the live reports", err)
	if live, _ := consulkv.LiveAgentReports(entries); len(live) != 1 {
		t.Fatalf("live reports = %v, want i-0abc's", live)
	}
	_, err = consulkv.ListSeqEntries(c.ctx, kv, api.KeyReleaseHistoryPrefix("web"), 0, "release history", &consulkv.QueryOptions{Consistent: true})
	ok(t, "read the release history", err)
	next := releaseOf("web", "r2", rec.Seq+1)
	claim := api.ReleaseID{Version: api.ReleaseIDVersion, Release: next.Release, Artifact: next.Artifact, SHA256: next.SHA256, CreatedAt: t0}
	won, err := kv.CAS(c.ctx, api.KeyReleaseID("web", next.Release), encode(c.t, claim), 0)
	ok(t, "claim the release id", err)
	if !won {
		t.Fatalf("release id claimed before")
	}
	_, _, err = kv.Get(c.ctx, api.KeyReleaseID("web", next.Release), &consulkv.QueryOptions{Consistent: true})
	ok(t, "read the release id", err)
	if won, err = kv.CAS(c.ctx, api.KeyDeploy("web"), encode(c.t, next), idx); err != nil || !won {
		t.Fatalf("write the release record: won %v, %v", won, err)
	}
	hist := encode(c.t, api.ReleaseHistory{Version: 1, Record: *rec, Outcome: api.ReleaseSuperseded, FinishedAt: t0})
	ok(t, "append release history", kv.Put(c.ctx, api.KeyReleaseHistory("web", rec.Seq), hist))
	ok(t, "trim release history", kv.Delete(c.ctx, api.KeyReleaseHistory("web", rec.Seq)))
	seesChange(t, c.ctx, kv, api.KeyAgentsPrefix("web"), true, func() error {
		c.hold(api.KeyAgent("web", "i-0def"), encode(c.t, reportOf("web", "i-0def")))
		return nil
	})
}

// ciBeyond: what CI never does is refused.
func ciBeyond(t *testing.T, c *cluster, g grant) {
	kv := g.kv
	store := consulkv.NewStore(kv)
	_, err := kv.CreateSession(c.ctx, "cli-ci-1", 15*time.Second, 0)
	refused(t, "create a session", err)
	for what, key := range map[string]string{
		"take web's lock":             api.KeyLock("web"),
		"write web's rollout record":  api.KeyRollout("web"),
		"write web's history":         api.KeyHistory("web", 1),
		"write a pacing slot of web":  api.KeyReleaseSlots("web") + ".lock",
		"write an agent report":       api.KeyAgent("web", "i-0abc"),
		"write a heartbeat":           api.KeyController("ci"),
		"write web's config":          api.KeyServiceConfigPrefix("web") + "LOG_LEVEL",
		"write global config":         api.KeyGlobalConfigPrefix + "LOG_LEVEL",
		"write api's release record":  api.KeyDeploy("api"),
		"claim a release id of api":   api.KeyReleaseID("api", "r1"),
		"write api's desired request": api.KeyDesired("api"),
		"write the lock of api":       api.KeyLock("api"),
	} {
		refused(t, what, kv.Put(c.ctx, key, []byte("{}")))
	}
	refused(t, "register web's spec", store.PutSpec(c.ctx, specOf(t, "web")))
	c.put(api.KeyDeploy("api"), encode(t, releaseOf("api", "r1", 1)))
	_, _, err = kv.Get(c.ctx, api.KeyDeploy("api"), nil)
	refused(t, "read api's release record", err)
}
