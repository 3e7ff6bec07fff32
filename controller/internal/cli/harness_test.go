package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/loop"
)

// AMIs the tests roll out.
var amis = []string{"ami-0a000000000000001", "ami-0a000000000000002", "ami-0a000000000000003"}

// worldOpts shape the simulated service.
type worldOpts struct {
	steps []api.Step // nil: 10% and 50% with 30s pauses, then 100%
	tty   bool
}

// manualGate is a spec whose first step waits for --expect-step 1.
var manualGate = worldOpts{steps: []api.Step{{Weight: 10, Pause: api.PauseManual}, {Weight: 50, Pause: "30s"}, {Weight: 100}}}

// world is service "web" in a simulated account with an in-memory Consul.
// It must be made inside a synctest bubble: clock.Real{} is then virtual
// time starting at 2000-01-01 UTC, advancing when every goroutine waits.
type world struct {
	t     *testing.T
	cloud *simaws.Cloud
	mem   *consulkv.Memory
	store consulkv.Store
	spec  api.ServiceSpec
	deps  Deps
	ids   atomic.Int64
}

func newWorld(t *testing.T, o worldOpts) *world {
	t.Helper()
	clk := clock.Real{}
	w := &world{t: t, mem: consulkv.NewMemory(clk)}
	w.store = consulkv.NewStore(w.mem)
	w.cloud = simaws.New(simaws.Config{
		Clock: clk, Seed: 1, HealthCheck: simaws.TunedHealthCheck(), DeregistrationDelay: 30 * time.Second,
	})
	a, b := w.cloud.CreateTargetGroup("web-a"), w.cloud.CreateTargetGroup("web-b")
	steps := o.steps
	if steps == nil {
		steps = []api.Step{{Weight: 10, Pause: "30s"}, {Weight: 50, Pause: "30s"}, {Weight: 100}}
	}
	delay, keep := api.Duration(time.Minute), 1
	w.spec = api.ServiceSpec{
		Version: 1, Name: "web", Region: "us-east-1", LaunchTemplateID: w.cloud.CreateLaunchTemplate("web", amis[0]),
		Subnets: []string{"subnet-0a1", "subnet-0b2"}, ListenerARN: w.cloud.CreateListener(map[string]int{a: 100, b: 0}),
		TargetGroups: []string{a, b}, Capacity: api.Capacity{Min: 1, Max: 4, Desired: 2},
		Steps: steps, ScaleDownDelay: &delay, KeepPrevious: &keep, ProgressDeadline: api.Duration(10 * time.Minute),
	}
	if err := w.store.PutSpec(context.Background(), &w.spec); err != nil {
		t.Fatalf("register spec: %v", err)
	}
	w.deps = Deps{
		Backend: func(*ucli.Context) (consulkv.Backend, error) { return w.mem, nil },
		Clients: func(context.Context, api.ServiceSpec) (awsapi.Clients, error) { return w.cloud.Clients(), nil },
		Clock:   clk,
		NewID:   func() string { return fmt.Sprintf("req-%04d", w.ids.Add(1)) },
		User:    "ci@build-1",
		IsTTY:   func(io.Writer) bool { return o.tty },
	}
	return w
}

// result is one CLI run.
type result struct {
	code           int
	stdout, stderr string
}

// run runs asgctl with args (output format as given by --output in args,
// text by default) and returns what it printed.
func (w *world) run(args ...string) result {
	return w.runCtx(context.Background(), w.deps, args...)
}

func (w *world) runCtx(ctx context.Context, deps Deps, args ...string) result {
	var out, errb bytes.Buffer
	code := RunContext(ctx, append([]string{"asgctl"}, args...), &out, &errb, deps)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// must runs args and fails the test unless it exits with want.
func (w *world) must(want int, args ...string) result {
	w.t.Helper()
	r := w.run(args...)
	if r.code != want {
		w.t.Fatalf("asgctl %v exited %d, want %d\nstdout:\n%s\nstderr:\n%s", args, r.code, want, r.stdout, r.stderr)
	}
	return r
}

// record reads the rollout record.
func (w *world) record() *api.Rollout {
	w.t.Helper()
	r, _, err := w.store.Rollout(context.Background(), "web")
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// groups lists the Auto Scaling groups that exist (ground truth), by name
// with their desired capacity.
func (w *world) groups() map[string]int {
	out := map[string]int{}
	for name, g := range w.cloud.Truth().Groups {
		if !g.Deleting {
			out[name] = g.Desired
		}
	}
	return out
}

// waitRecord blocks (in virtual time) until the rollout record satisfies
// cond, using blocking queries on the record's key.
func (w *world) waitRecord(what string, cond func(*api.Rollout) bool) *api.Rollout {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	var index uint64
	for {
		e, next, err := w.mem.Get(ctx, api.KeyRollout("web"), &consulkv.QueryOptions{WaitIndex: index})
		if err != nil {
			w.t.Fatalf("waiting for %s: %v", what, err)
		}
		if e != nil {
			if r, err := api.DecodeRollout(e.Value); err == nil && cond(r) {
				return r
			}
		}
		index = next
	}
}

// controller is a stand-in for `asgctl controller`: one loop for "web"
// under the lock, a heartbeat, and a watch on the desired request that
// wakes the loop.
type controller struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (w *world) startController(id string) *controller {
	w.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c := &controller{cancel: cancel}
	locker := consulkv.NewLocker(w.mem, clock.Real{}, consulkv.LockOptions{})
	hb, _ := api.Encode(api.Heartbeat{Version: 1, ID: id, StartedAt: time.Now()})
	beat, ok, err := locker.TryAcquire(ctx, api.KeyController(id), id, hb)
	if err != nil || !ok {
		w.t.Fatalf("heartbeat: %v %v", ok, err)
	}
	wake := make(chan struct{}, 1)
	lp := loop.New(loop.Config{Service: "web", Holder: id, Store: w.store, Locker: locker, Clients: w.cloud.Clients(), Clock: clock.Real{}})
	c.wg.Add(3)
	go func() { defer c.wg.Done(); _ = lp.Run(ctx, wake) }()
	go func() { defer c.wg.Done(); keepBeating(ctx, beat) }()
	go func() { defer c.wg.Done(); wakeOnDesired(ctx, w.store, wake) }()
	return c
}

func (c *controller) stop() {
	c.cancel()
	c.wg.Wait()
}

func keepBeating(ctx context.Context, beat consulkv.Lock) {
	defer func() { _ = beat.Unlock(context.WithoutCancel(ctx)) }()
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(consulkv.LockOptions{}.RenewInterval()):
			_ = beat.Renew(ctx)
		}
	}
}

func wakeOnDesired(ctx context.Context, store consulkv.Store, wake chan<- struct{}) {
	var index uint64
	for {
		_, next, err := store.WaitDesired(ctx, "web", index)
		if err != nil {
			return
		}
		index = next
		select {
		case wake <- struct{}{}:
		default:
		}
	}
}
