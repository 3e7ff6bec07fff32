package sim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Epoch is where every simulation's clock starts.
var Epoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// AMIs the scenarios use: the first is live after bootstrap.
var AMIs = []string{"ami-0a000000000000001", "ami-0a000000000000002", "ami-0a000000000000003"}

// Profile is the cloud's timing and the service's rollout settings.
type Profile struct {
	HealthCheck    simaws.HealthCheckConfig
	Boot, AppStart simaws.Range
	Dereg          time.Duration
	Desired        int
	Steps          []api.Step
	ScaleDownDelay time.Duration
	Deadline       time.Duration
	Alarms         []string
	// Consistency is how long a new or changed resource stays invisible to
	// describes (AWS's eventual consistency); 0 = visible at once.
	Consistency time.Duration
	// ScalingPolicies and ScheduledActions go into the spec. A world whose
	// profile has any reads every group's scaling into its snapshots.
	ScalingPolicies  []api.ScalingPolicy
	ScheduledActions []api.ScheduledAction
}

// DefaultProfile is a 4-instance service with tuned ALB settings, the
// default 10/50/100 steps and the scaling of DefaultScaling.
func DefaultProfile() Profile {
	pols, acts := DefaultScaling()
	return Profile{
		HealthCheck: simaws.TunedHealthCheck(), Boot: simaws.Range{Min: 40 * time.Second, Max: 60 * time.Second},
		AppStart: simaws.Range{Min: 5 * time.Second, Max: 10 * time.Second}, Dereg: 30 * time.Second,
		Desired: 4, ScaleDownDelay: time.Minute, Deadline: 15 * time.Minute,
		ScalingPolicies: pols, ScheduledActions: acts,
	}
}

// World is one simulated service: cloud, store, clock and spec.
type World struct {
	Clock  *clocktest.Fake
	Cloud  *simaws.Cloud
	Mem    *consulkv.Memory
	Store  consulkv.Store
	Locker consulkv.Locker
	Spec   api.ServiceSpec
	Tuning reconcile.Tuning
	rng    *rand.Rand
	reqs   int

	faults      simaws.FaultConfig // the fault mix in force (SetFaults)
	readScaling bool               // snapshots read each group's scaling
	ownCalls    int                // AWS calls the world made itself
	readErr     error              // first failed ground-truth read, not yet reported
	scaling     map[string]string  // group -> scaling fingerprint, as last read
	scalingKey  []int              // counts of scalingOps when scaling was read
}

// NewWorld builds the cloud resources Terraform would have made (launch
// template, two target groups, a listener forwarding 100/0, alarms) and
// registers the service's spec.
func NewWorld(seed uint64, p Profile) (*World, error) {
	clk := clocktest.New(Epoch)
	cloud := simaws.New(simaws.Config{
		Clock: clk, Seed: seed, Boot: p.Boot, AppStart: p.AppStart,
		HealthCheck: p.HealthCheck, DeregistrationDelay: p.Dereg, ConsistencyDelay: p.Consistency,
	})
	mem := consulkv.NewMemory(clk)
	w := &World{
		Clock: clk, Cloud: cloud, Mem: mem, Store: consulkv.NewStore(mem),
		Locker:      consulkv.NewLocker(mem, clk, consulkv.LockOptions{}),
		rng:         rand.New(rand.NewPCG(seed, 0x5eed)),
		readScaling: len(p.ScalingPolicies)+len(p.ScheduledActions) > 0,
	}
	w.Spec = w.makeSpec(p)
	if err := w.Store.PutSpec(context.Background(), &w.Spec); err != nil {
		return nil, fmt.Errorf("register spec: %w", err)
	}
	return w, nil
}

func (w *World) makeSpec(p Profile) api.ServiceSpec {
	lt := w.Cloud.CreateLaunchTemplate("web", AMIs[0])
	a, b := w.Cloud.CreateTargetGroup("web-a"), w.Cloud.CreateTargetGroup("web-b")
	listener := w.Cloud.CreateListener(map[string]int{a: 100, b: 0})
	for _, name := range p.Alarms {
		w.Cloud.CreateAlarm(name)
	}
	delay, keep := api.Duration(p.ScaleDownDelay), 1
	return api.ServiceSpec{
		Version: api.SpecVersion, Name: "web", Region: "us-east-1", LaunchTemplateID: lt,
		Subnets: []string{"subnet-0a1", "subnet-0b2"}, ListenerARN: listener, TargetGroups: []string{a, b},
		Capacity: api.Capacity{Min: 2, Max: p.Desired * 2, Desired: p.Desired},
		Steps:    p.Steps, ScaleDownDelay: &delay, KeepPrevious: &keep,
		ProgressDeadline: api.Duration(p.Deadline), Alarms: p.Alarms, LifecycleHook: "asgctl-launch",
		ScalingPolicies: p.ScalingPolicies, ScheduledActions: p.ScheduledActions,
	}.WithDefaults()
}

// Request writes a desired-state request the way `asgctl promote` does.
func (w *World) Request(ctx context.Context, edit func(d *api.Desired)) error {
	cur, idx, err := w.Store.Desired(ctx, w.Spec.Name)
	if err != nil {
		return fmt.Errorf("read desired: %w", err)
	}
	next := api.Desired{Version: 1, RequestedAt: w.Clock.Now(), RequestedBy: "sim"}
	if cur != nil {
		next = *cur
	}
	edit(&next)
	if _, err := w.Store.PutDesired(ctx, w.Spec.Name, &next, idx); err != nil {
		return fmt.Errorf("write desired: %w", err)
	}
	return nil
}

// Promote requests that ami go live, as a new request.
func (w *World) Promote(ctx context.Context, ami string, rollback bool) error {
	w.reqs++
	id := fmt.Sprintf("req-%03d", w.reqs)
	return w.Request(ctx, func(d *api.Desired) {
		*d = api.Desired{Version: 1, AMI: ami, RequestID: id, RequestedBy: "sim", RequestedAt: w.Clock.Now(), Rollback: rollback}
	})
}

// Refresh writes a request for the live AMI again, on the launch
// template's current default version, as `asgctl promote --refresh` does.
func (w *World) Refresh(ctx context.Context) error {
	r := w.Record(ctx)
	if r == nil || r.Phase != api.PhaseComplete {
		return fmt.Errorf("refresh: nothing is live (record %v)", r)
	}
	w.reqs++
	id := fmt.Sprintf("req-%03d", w.reqs)
	return w.Request(ctx, func(d *api.Desired) {
		*d = api.Desired{Version: 1, AMI: r.AMI, RequestID: id, RequestedBy: "sim", RequestedAt: w.Clock.Now(), Refresh: true}
	})
}

// Repair writes a repair request the way `asgctl repair` does: a new
// request that names no AMI.
func (w *World) Repair(ctx context.Context) error {
	w.reqs++
	id := fmt.Sprintf("req-%03d", w.reqs)
	return w.Request(ctx, func(d *api.Desired) {
		*d = api.Desired{Version: 1, Repair: true, RequestID: id, RequestedBy: "sim", RequestedAt: w.Clock.Now()}
	})
}

// Record reads the current rollout record.
func (w *World) Record(ctx context.Context) *api.Rollout {
	r, _, err := w.Store.Rollout(ctx, w.Spec.Name)
	if err != nil {
		return nil
	}
	return r
}
