package loop_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

const (
	svc      = "web"
	amiBlue  = "ami-0000000a"
	amiNext  = "ami-0000000b"
	lockTTL  = 15 * time.Second
	lockWait = 15 * time.Second // lock-delay
)

var ctx = context.Background()

// fixture is one simulated account and one in-memory Consul with a
// registered service "web".
type fixture struct {
	clk    *clocktest.Fake
	cloud  *simaws.Cloud
	mem    *consulkv.Memory
	store  consulkv.Store
	locker consulkv.Locker
	spec   api.ServiceSpec
	dec    *decider
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	cloud := simaws.New(simaws.Config{Clock: clk, Seed: 1})
	mem := consulkv.NewMemory(clk)
	f := &fixture{
		clk: clk, cloud: cloud, mem: mem, store: consulkv.NewStore(mem),
		locker: consulkv.NewLocker(mem, clk, consulkv.LockOptions{TTL: lockTTL, LockDelay: lockWait}),
		dec:    &decider{},
		spec:   newSpec(cloud),
	}
	return f
}

// newSpec creates the cloud resources of service "web" and returns its spec.
func newSpec(cloud *simaws.Cloud) api.ServiceSpec {
	blue := cloud.CreateTargetGroup("web-blue")
	green := cloud.CreateTargetGroup("web-green")
	return api.ServiceSpec{
		Version: 1, Name: svc, Region: "us-east-1",
		LaunchTemplateID: cloud.CreateLaunchTemplate("web", amiBlue),
		Subnets:          []string{"subnet-0001"},
		ListenerARN:      cloud.CreateListener(map[string]int{blue: 100}),
		TargetGroups:     []string{blue, green},
		Capacity:         api.Capacity{Min: 1, Max: 4, Desired: 2},
	}
}

func (f *fixture) putSpec(t *testing.T) {
	t.Helper()
	if err := f.store.PutSpec(ctx, &f.spec); err != nil {
		t.Fatalf("put spec: %v", err)
	}
}

func (f *fixture) putRequest(t *testing.T) *api.Desired {
	t.Helper()
	d := &api.Desired{Version: 1, AMI: amiNext, RequestID: "req-1", RequestedAt: f.clk.Now()}
	if _, err := f.store.PutDesired(ctx, svc, d, 0); err != nil {
		t.Fatalf("put desired: %v", err)
	}
	return d
}

// config is a loop config for holder, reporting passes to reports.
func (f *fixture) config(holder string, reports chan<- loop.PassReport) loop.Config {
	return loop.Config{
		Service: svc, Holder: holder, Store: f.store, Locker: f.locker,
		Clients: f.cloud.Clients(), Clock: f.clk, Decide: f.dec.decide,
		OnPass: func(r loop.PassReport) {
			if reports != nil {
				reports <- r
			}
		},
	}
}

// decider is a scripted Decide: it returns plan (as built by next, when
// set) and remembers what it was asked.
type decider struct {
	mu    sync.Mutex
	next  func(reconcile.Observed, reconcile.Desired) reconcile.Plan
	calls int
	last  reconcile.Desired
	now   time.Time
}

func (d *decider) decide(o reconcile.Observed, des reconcile.Desired, now time.Time) reconcile.Plan {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls++
	d.last, d.now = des, now
	if d.next == nil {
		return reconcile.Plan{Phase: api.PhaseIdle, RequeueAfter: 2 * time.Second}
	}
	return d.next(o, des)
}

func (d *decider) script(fn func(reconcile.Observed, reconcile.Desired) reconcile.Plan) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.next = fn
}

func (d *decider) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls
}

func record(now time.Time, phase api.Phase) *api.Rollout {
	return &api.Rollout{
		Version: 1, ID: "web-v001", Seq: 1, Service: svc, RequestID: "req-1", AMI: amiNext,
		Phase: phase, ToGroup: "web-v001", StartedAt: now, UpdatedAt: now, PhaseSince: now,
	}
}
