package consul

import (
	"slices"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// controllerPolicy is controller.hcl for sessions on node.
func controllerPolicy(node string) policy {
	return policy{"controller.hcl", map[string]string{"node_prefix": node}}
}

// TestControllerPolicy: with a token of controller.hcl the controller
// watches the services, reconciles one under its lock, keeps its
// heartbeat and guards release records; it cannot touch config or the
// agents' reports, nor make sessions on other nodes.
func TestControllerPolicy(t *testing.T) {
	c := newCluster(t)
	g := c.token(controllerPolicy(c.node))
	controllerCalls(t, c, g)
	controllerBeyond(t, c, g)
}

// controllerCalls makes the controller's calls with g.
func controllerCalls(t tb, c *cluster, g grant) {
	t.Helper()
	c.put(api.KeySpec("web"), encode(c.t, specOf(c.t, "web")))
	c.put(api.KeyDesired("web"), encode(c.t, desiredOf("ami-0abc1234def567890", "req-1")))
	watchServices(t, c, g.kv)
	reconcile(t, c, g.kv)
	heartbeat(t, c, g.kv)
	guardReleases(t, c, g.kv)
}

// watchServices lists and watches the services' folders and one desired
// request, as the daemon does.
func watchServices(t tb, c *cluster, kv *consulkv.Consul) {
	t.Helper()
	store := consulkv.NewStore(kv)
	svcs, err := store.Services(c.ctx)
	ok(t, "list services", err)
	if !slices.Equal(svcs, []string{"web"}) {
		t.Fatalf("services = %v, want [web]", svcs)
	}
	_, _, err = store.Spec(c.ctx, "web")
	ok(t, "read the spec", err)
	seesChange(t, c.ctx, kv, api.KeyServicesPrefix, true, func() error {
		return c.admin.Put(c.ctx, api.KeySpec("api"), encode(c.t, specOf(c.t, "api")))
	})
	seesChange(t, c.ctx, kv, api.KeyDesired("web"), false, func() error {
		return c.admin.Put(c.ctx, api.KeyDesired("web"), encode(c.t, desiredOf("ami-0abc1234def567891", "req-2")))
	})
}

// reconcile takes the lock of web, writes its rollout record with
// check-and-set, appends to its history and lets the lock go: the calls
// of a controller's (or an inline CLI's) reconcile loop.
func reconcile(t tb, c *cluster, kv *consulkv.Consul) {
	t.Helper()
	store := consulkv.NewStore(kv)
	locker := consulkv.NewLocker(kv, clock.Real{}, consulkv.LockOptions{LockDelay: -1})
	lk, held, err := locker.TryLock(c.ctx, "web", "ctl-1")
	ok(t, "take the lock of web", err)
	if !held {
		t.Fatalf("lock of web not taken")
	}
	ok(t, "renew the lock", lk.Renew(c.ctx))
	_, idx, err := store.Rollout(c.ctx, "web")
	ok(t, "read the rollout record", err)
	_, err = store.PutRollout(c.ctx, "web", rolloutOf("web", 1, api.PhaseShifting), idx)
	ok(t, "write the rollout record", err)
	_, err = store.LatestHistorySeq(c.ctx, "web")
	ok(t, "read the history", err)
	ok(t, "append to the history", store.AppendHistory(c.ctx, "web", rolloutOf("web", 1, api.PhaseComplete)))
	ok(t, "release the lock", lk.Unlock(c.ctx))
}

// heartbeat holds the controller's heartbeat, lists the live controllers
// and removes the heartbeat, as the daemon does.
func heartbeat(t tb, c *cluster, kv *consulkv.Consul) {
	t.Helper()
	hb := encode(c.t, api.Heartbeat{Version: 1, ID: "ctl-1", StartedAt: t0})
	locker := consulkv.NewLocker(kv, clock.Real{}, consulkv.LockOptions{})
	lk, held, err := locker.TryAcquire(c.ctx, api.KeyController("ctl-1"), "ctl-1", hb)
	ok(t, "hold the heartbeat", err)
	if !held {
		t.Fatalf("heartbeat not held")
	}
	ctrls, err := consulkv.NewStore(kv).Controllers(c.ctx)
	ok(t, "list controllers", err)
	if len(ctrls) != 1 {
		t.Fatalf("controllers = %v, want ctl-1", ctrls)
	}
	ok(t, "release the heartbeat", lk.Unlock(c.ctx))
	ok(t, "delete the heartbeat", kv.Delete(c.ctx, api.KeyController("ctl-1")))
}

// guardReleases makes the release guard's calls: watch the deploys/
// folder, read a record and the live reports, write a rollback record
// with check-and-set and the history entry of the one it replaces, trim
// the history.
func guardReleases(t tb, c *cluster, kv *consulkv.Consul) {
	t.Helper()
	c.put(api.KeyDeploy("web"), encode(c.t, releaseOf("web", "r1", 1)))
	c.hold(api.KeyAgent("web", "i-0abc"), encode(c.t, reportOf("web", "i-0abc")))
	seesChange(t, c.ctx, kv, api.KeyDeploy(""), true, func() error {
		return c.admin.Put(c.ctx, api.KeyDeploy("api"), encode(c.t, releaseOf("api", "r1", 1)))
	})
	rec, idx, err := consulkv.ReadRelease(c.ctx, kv, "web")
	ok(t, "read the release record", err)
	entries, _, err := kv.List(c.ctx, api.KeyAgentsPrefix("web"), &consulkv.QueryOptions{Consistent: true})
	ok(t, "read the live reports", err)
	if live, _ := consulkv.LiveAgentReports(entries); len(live) != 1 {
		t.Fatalf("live reports = %v, want i-0abc's", live)
	}
	next := releaseOf("web", "r0", rec.Seq+1)
	next.RollbackOf = rec.Release
	won, err := kv.CAS(c.ctx, api.KeyDeploy("web"), encode(c.t, next), idx)
	ok(t, "write the rollback record", err)
	if !won {
		t.Fatalf("check-and-set of the rollback record lost")
	}
	hist := encode(c.t, api.ReleaseHistory{Version: 1, Record: *rec, Outcome: api.ReleaseHalted, FinishedAt: t0})
	ok(t, "append release history", kv.Put(c.ctx, api.KeyReleaseHistory("web", rec.Seq), hist))
	_, err = consulkv.ListSeqEntries(c.ctx, kv, api.KeyReleaseHistoryPrefix("web"), 0, "release history", nil)
	ok(t, "list release history", err)
	ok(t, "trim release history", kv.Delete(c.ctx, api.KeyReleaseHistory("web", rec.Seq)))
}

// controllerBeyond: what the controller never does is refused.
func controllerBeyond(t *testing.T, c *cluster, g grant) {
	c.put("web/LOG_LEVEL", []byte("debug"))
	refused(t, "write global config", g.kv.Put(c.ctx, "global/LOG_LEVEL", []byte("info")))
	_, _, err := g.kv.Get(c.ctx, "web/LOG_LEVEL", nil)
	refused(t, "read a service's config", err)
	refused(t, "write an agent report", g.kv.Put(c.ctx, api.KeyAgent("web", "i-0abc"), encode(t, reportOf("web", "i-0abc"))))
	elsewhere := c.token(controllerPolicy("consul-server-"))
	_, err = elsewhere.kv.CreateSession(c.ctx, "ctl-1", 15*time.Second, 0)
	refused(t, "create a session on a node outside node_prefix", err)
}
