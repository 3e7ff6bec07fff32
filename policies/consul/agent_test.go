package consul

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	capi "github.com/hashicorp/consul/api"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// agentPolicy is agent.hcl of svc for instances whose Consul nodes start
// with nodePrefix.
func agentPolicy(svc, nodePrefix string) policy {
	return policy{"agent.hcl", map[string]string{"service": svc, "node_prefix": nodePrefix}}
}

// TestAgentPolicy: with a token of agent.hcl for web the agent follows
// web's release record, reads its config, holds its report, takes a
// pacing slot and halts a failing release, and its Consul client
// registers its node; it cannot touch the controller's keys, web's
// release ids or history, another service's keys, or sessions and nodes
// of other services.
func TestAgentPolicy(t *testing.T) {
	c := newCluster(t)
	g := c.token(agentPolicy("web", c.node))
	agentCalls(t, c, g)
	agentBeyond(t, c, g)
}

// agentCalls makes the agent's calls with g.
func agentCalls(t tb, c *cluster, g grant) {
	t.Helper()
	kv := g.kv
	c.put(api.KeyDeploy("web"), encode(c.t, releaseOf("web", "r1", 1)))
	c.put(api.KeyGlobalConfigPrefix+"LOG_LEVEL", []byte("info"))
	c.put(api.KeyServiceConfigPrefix("web")+"PORT_BASE", []byte("9001"))
	seesChange(t, c.ctx, kv, api.KeyDeploy("web"), false, func() error {
		return c.admin.Put(c.ctx, api.KeyDeploy("web"), encode(c.t, releaseOf("web", "r2", 2)))
	})
	for _, prefix := range []string{api.KeyGlobalConfigPrefix, api.KeyServiceConfigPrefix("web")} {
		es, _, err := kv.List(c.ctx, prefix, &consulkv.QueryOptions{Consistent: true})
		ok(t, "read config "+prefix, err)
		if len(es) != 1 {
			t.Fatalf("config under %s: %d entries, want 1", prefix, len(es))
		}
	}
	report(t, c, kv)
	pacingSlot(t, c, kv)
	rec, idx, err := consulkv.ReadRelease(c.ctx, kv, "web")
	ok(t, "read the release record", err)
	rec.Halt = &api.Halt{InstanceID: "i-0abc", Error: "process 1 failed its health check", At: t0}
	won, err := kv.CAS(c.ctx, api.KeyDeploy("web"), encode(c.t, rec), idx)
	ok(t, "halt the release", err)
	if !won {
		t.Fatalf("check-and-set of the halt lost")
	}
	reg := &capi.CatalogRegistration{Node: nodeName(c.node), Address: "127.0.0.1"}
	_, err = c.catalog(g).Register(reg, nil)
	ok(t, "register the instance's node (the local Consul client's agent token)", err)
}

// report holds the instance's report under a session, renews it, reads
// the live reports and ends the session, as the reporter does; then
// frees a session an earlier run left, as the agent does at boot.
func report(t tb, c *cluster, kv *consulkv.Consul) {
	t.Helper()
	s, err := kv.CreateSession(c.ctx, "asgctl-agent web/i-0abc", 15*time.Second, 0)
	ok(t, "create the report session", err)
	won, err := kv.Acquire(c.ctx, api.KeyAgent("web", "i-0abc"), encode(c.t, reportOf("web", "i-0abc")), s)
	ok(t, "write the report", err)
	if !won {
		t.Fatalf("report key not acquired")
	}
	ok(t, "renew the report session", kv.RenewSession(c.ctx, s))
	entries, _, err := kv.List(c.ctx, api.KeyAgentsPrefix("web"), nil)
	ok(t, "read the live reports", err)
	if live, _ := consulkv.LiveAgentReports(entries); len(live) != 1 {
		t.Fatalf("live reports = %v, want this instance's", live)
	}
	ok(t, "withdraw the report", kv.DestroySession(c.ctx, s))
	old, err := kv.CreateSession(c.ctx, "asgctl-agent web/i-0abc", 15*time.Second, 0)
	ok(t, "create a session", err)
	ok(t, "free an earlier run's session", kv.DestroySession(c.ctx, old))
}

// pacingSlot takes and frees a slot of web's release semaphore. The
// semaphore retries refused calls; the first one it logs ends the wait.
func pacingSlot(t tb, c *cluster, kv *consulkv.Consul) {
	t.Helper()
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	errs := &firstError{cancel: cancel}
	sem, err := consulkv.NewSemaphore(kv, clock.Real{}, api.KeyReleaseSlots("web"), "i-0abc",
		consulkv.SemaphoreOptions{Logger: slog.New(errs)})
	ok(t, "make the semaphore", err)
	slot, err := sem.Acquire(ctx, func(context.Context) (int, error) { return 1, nil })
	if first := errs.get(); first != nil {
		err = first
	}
	ok(t, "take a pacing slot", err)
	es, _, err := kv.List(c.ctx, api.KeyReleaseSlots("web"), nil)
	ok(t, "list the pacing slots (freeing an earlier run's)", err)
	if len(es) == 0 {
		t.Fatalf("no keys under %s while a slot is held", api.KeyReleaseSlots("web"))
	}
	ok(t, "free the pacing slot", slot.Release(c.ctx))
}

// agentBeyond: what the agent never does is refused.
func agentBeyond(t *testing.T, c *cluster, g grant) {
	kv := g.kv
	c.put(api.KeyDeploy("api"), encode(t, releaseOf("api", "r1", 1)))
	c.put(api.KeyServiceConfigPrefix("api")+"SECRET", []byte("s3cr3t"))
	for what, key := range map[string]string{
		"write web's spec":               api.KeySpec("web"),
		"write web's desired request":    api.KeyDesired("web"),
		"write web's rollout record":     api.KeyRollout("web"),
		"take web's lock":                api.KeyLock("web"),
		"claim a release id of web":      api.KeyReleaseID("web", "r9"),
		"write web's release history":    api.KeyReleaseHistory("web", 1),
		"write global config":            api.KeyGlobalConfigPrefix + "LOG_LEVEL",
		"write web's config":             api.KeyServiceConfigPrefix("web") + "PORT_BASE",
		"write api's release record":     api.KeyDeploy("api"),
		"write an agent report of api":   api.KeyAgent("api", "i-0def"),
		"take a pacing slot of api":      api.KeyReleaseSlots("api") + ".lock",
		"write a controller's heartbeat": api.KeyController("ctl-1"),
	} {
		refused(t, what, kv.Put(c.ctx, key, []byte("{}")))
	}
	_, _, err := kv.Get(c.ctx, api.KeyDeploy("api"), nil)
	refused(t, "read api's release record", err)
	_, _, err = kv.List(c.ctx, api.KeyServiceConfigPrefix("api"), nil)
	refused(t, "read api's config", err)
	other := c.token(agentPolicy("web", "web-i-"))
	_, err = other.kv.CreateSession(c.ctx, "asgctl-agent web/i-0abc", 15*time.Second, 0)
	refused(t, "create a session on a node outside node_prefix", err)
	reg := &capi.CatalogRegistration{Node: nodeName("api-i-"), Address: "127.0.0.1"}
	_, err = c.catalog(g).Register(reg, nil)
	refusedHTTP(t, "register another service's node", err)
}

// firstError is a slog handler that keeps the first logged error and
// cancels: the semaphore logs refused calls instead of returning them.
type firstError struct {
	cancel context.CancelFunc
	mu     sync.Mutex
	err    error
}

func (h *firstError) Enabled(context.Context, slog.Level) bool { return true }
func (h *firstError) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *firstError) WithGroup(string) slog.Handler            { return h }

func (h *firstError) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if err, isErr := a.Value.Any().(error); isErr && a.Key == "error" {
			h.mu.Lock()
			if h.err == nil {
				h.err = err
				h.cancel()
			}
			h.mu.Unlock()
		}
		return true
	})
	return nil
}

// get is the first error logged, nil when none was.
func (h *firstError) get() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.err
}
