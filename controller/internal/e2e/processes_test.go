package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/integration/syncbuf"
	"github.com/asgctl/asgctl/internal/freeport"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consultest"
)

// consul is this package's Consul dev agent, shared and cleaned per test.
var consul consultest.Shared

// processWorld is service "web" in moto with its spec in a real Consul,
// driven by asgctl processes (controllers and CLIs).
type processWorld struct {
	*motoService
	consul consulkv.Backend
	store  consulkv.Store
	env    []string
}

// newProcessWorld sets up the service; pause is each step's pause.
func newProcessWorld(t *testing.T, pause string) *processWorld {
	m := newMotoService(t, pause)
	agent := consul.Agent(t)
	b, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: agent.Addr})
	if err != nil {
		t.Fatal(err)
	}
	w := &processWorld{motoService: m, consul: b, store: consulkv.NewStore(b)}
	w.env = []string{
		"CONSUL_HTTP_ADDR=" + agent.Addr, "CONSUL_HTTP_TOKEN=", "AWS_ENDPOINT_URL=" + m.url,
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_REGION=us-east-1", "ASGCTL_OUTPUT=text",
	}
	if err := w.store.PutSpec(m.ctx, &m.spec); err != nil {
		t.Fatalf("register spec: %v", err)
	}
	return w
}

func (w *processWorld) run(args ...string) (int, string) {
	w.t.Helper()
	return asgctl(w.ctx, w.t, w.env, args...)
}

// promoteInline runs `asgctl promote web --ami ami --wait --inline` and
// expects exit code want.
func (w *processWorld) promoteInline(ami, timeout string, want int) string {
	w.t.Helper()
	code, out := w.run("promote", "web", "--ami", ami, "--wait", "--inline", "--timeout", timeout)
	if code != want {
		w.t.Fatalf("promote %s exited %d, want %d:\n%s", ami, code, want, out)
	}
	return out
}

// controller is one `asgctl controller` process.
type controller struct {
	id  string
	cmd *exec.Cmd
	out *syncbuf.Buffer
}

func (w *processWorld) startController(id string) *controller {
	w.t.Helper()
	c := &controller{id: id, out: &syncbuf.Buffer{}}
	c.cmd = exec.Command(needBinary(w.t), "controller", "--id", id, "--listen", freeAddr(w.t))
	c.cmd.Env = append(os.Environ(), w.env...)
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.out
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := c.cmd.Start(); err != nil {
		w.t.Fatalf("start controller %s: %v", id, err)
	}
	w.t.Cleanup(func() { c.kill() })
	return c
}

// kill sends SIGKILL: no shutdown, no lock release.
func (c *controller) kill() {
	if c.cmd.ProcessState == nil {
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		_ = c.cmd.Wait()
	}
}

// lockHolder is the holder of the service lock in Consul, "" when free.
func (w *processWorld) lockHolder() string {
	e, _, err := w.consul.Get(w.ctx, api.KeyLock("web"), &consulkv.QueryOptions{Consistent: true})
	if err != nil || e == nil || e.Session == "" {
		return ""
	}
	return string(e.Value)
}

func (w *processWorld) waitFor(limit time.Duration, what string, cond func(*api.Rollout) bool) *api.Rollout {
	w.t.Helper()
	return waitRecord(w.ctx, w.t, w.store, limit, what, cond)
}

func freeAddr(t *testing.T) string {
	port, err := freeport.One()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", port)
}

// Two controller replicas; the one holding the service is killed -9 while
// the rollout is paused mid-shift. The other takes the service over once the
// dead one's session lapses, and finishes the rollout from the record: no
// duplicate group, weights and retained groups as after any rollout.
func TestKilledReplicaIsTakenOverMidShift(t *testing.T) {
	w := newProcessWorld(t, "20s")
	amis := w.amis(2)
	w.promoteInline(amis[0], "2m", 0)
	ctrls := map[string]*controller{"c1": w.startController("c1"), "c2": w.startController("c2")}
	if code, out := w.run("promote", "web", "--ami", amis[1]); code != 0 {
		t.Fatalf("promote exited %d: %s", code, out)
	}
	w.waitFor(time.Minute, "paused mid-shift", func(r *api.Rollout) bool {
		return r.AMI == amis[1] && r.Phase == api.PhasePaused && r.Step == 1
	})
	holder := w.lockHolder()
	victim, ok := ctrls[holder]
	if !ok {
		t.Fatalf("lock holder %q is not one of the controllers", holder)
	}
	victim.kill()
	r := w.waitFor(3*time.Minute, "the survivor to finish", func(r *api.Rollout) bool { return r.AMI == amis[1] && r.Phase.Terminal() })
	w.expectPhase(r, api.PhaseComplete)
	if h := w.lockHolder(); h == holder {
		t.Errorf("the killed controller %s still holds the lock", holder)
	}
	w.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: w.tgA, desired: 0},
		"web-v002": {ami: amis[1], tg: w.tgB, desired: 2},
	})
	w.expectWeights(0, 100)
}

// Three CI jobs run the same promote at once, with no controller: one green
// group is made and every job exits 0.
func TestConcurrentInlinePromotesShareOneRollout(t *testing.T) {
	w := newProcessWorld(t, "1s")
	ami := w.amis(1)[0]
	var wg sync.WaitGroup
	codes, outs := make([]int, 3), make([]string, 3)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], outs[i] = asgctl(w.ctx, t, w.env, "promote", "web", "--ami", ami, "--wait", "--inline", "--timeout", "3m")
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 0 {
			t.Errorf("promote %d exited %d:\n%s", i, c, outs[i])
		}
	}
	w.expectGroups(map[string]groupWant{"web-v001": {ami: ami, tg: w.tgA, desired: 2}})
}

// A CI job's promote times out (exit 3) while the rollout is still in
// progress; the retried job attaches to the same rollout and finishes it.
func TestTimedOutPromoteRerunAttaches(t *testing.T) {
	w := newProcessWorld(t, "10s")
	amis := w.amis(2)
	w.promoteInline(amis[0], "2m", 0)
	out := w.promoteInline(amis[1], "3s", 3)
	if !strings.Contains(strings.ToLower(out), "rerun") && !strings.Contains(strings.ToLower(out), "in progress") {
		t.Errorf("timeout output does not say the rollout goes on / is safe to rerun:\n%s", out)
	}
	w.promoteInline(amis[1], "3m", 0)
	w.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: w.tgA, desired: 0},
		"web-v002": {ami: amis[1], tg: w.tgB, desired: 2},
	})
	hist, err := w.store.History(context.Background(), "web")
	if err != nil || len(hist) != 2 {
		t.Fatalf("history %d entries (%v), want 2: the rerun must attach, not start another rollout", len(hist), err)
	}
}
