package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/sim"
)

// FleetConfig is a many-services run under one controller.
type FleetConfig struct {
	Services int           // services under the controller
	Rolling  int           // of them, promoted at once at the start of the window
	Desired  int           // instances per service
	Limit    bool          // client-side limiter (awssdk.DefaultLimits()) on during the window
	Window   time.Duration // measured span, from the promote requests
	Seed     uint64
}

// Fleet is many services on one simulated account: one Cloud, one store,
// one controller running a loop.Run per service.
type Fleet struct {
	Clock  clock.Clock
	Cloud  *simaws.Cloud
	Mem    *consulkv.Memory
	Store  consulkv.Store
	Locker consulkv.Locker
	Meter  *Meter
	Names  []string
}

// svcName names the i-th service of a fleet.
func svcName(i int) string { return fmt.Sprintf("svc-%04d", i) }

// NewFleet registers n services (each with its launch template, two target
// groups and a listener) and asks for each one's first deploy. The cloud
// uses tuned ALB health checks and 40–60 s boots.
func NewFleet(ctx context.Context, clk clock.Clock, n, desired int, seed uint64) (*Fleet, error) {
	cloud := simaws.New(simaws.Config{
		Clock: clk, Seed: seed, HealthCheck: simaws.TunedHealthCheck(), DeregistrationDelay: 30 * time.Second,
	})
	mem := consulkv.NewMemory(clk)
	f := &Fleet{Clock: clk, Cloud: cloud, Mem: mem, Store: consulkv.NewStore(mem),
		Locker: consulkv.NewLocker(mem, clk, consulkv.LockOptions{}), Meter: NewMeter(clk)}
	for i := range n {
		name := svcName(i)
		spec := f.spec(name, desired)
		if err := f.Store.PutSpec(ctx, &spec); err != nil {
			return nil, fmt.Errorf("register %s: %w", name, err)
		}
		if err := f.Promote(ctx, name, sim.AMIs[0], "first"); err != nil {
			return nil, err
		}
		f.Names = append(f.Names, name)
	}
	return f, nil
}

func (f *Fleet) spec(name string, desired int) api.ServiceSpec {
	lt := f.Cloud.CreateLaunchTemplate(name, sim.AMIs[0])
	a, b := f.Cloud.CreateTargetGroup(name+"-a"), f.Cloud.CreateTargetGroup(name+"-b")
	listener := f.Cloud.CreateListener(map[string]int{a: 100, b: 0})
	delay, keep := api.Duration(time.Minute), 1
	return api.ServiceSpec{
		Version: api.SpecVersion, Name: name, Region: "us-east-1", LaunchTemplateID: lt,
		Subnets: []string{"subnet-0a1", "subnet-0b2"}, ListenerARN: listener, TargetGroups: []string{a, b},
		Capacity:       api.Capacity{Min: 1, Max: desired * 2, Desired: desired},
		ScaleDownDelay: &delay, KeepPrevious: &keep, LifecycleHook: "asgctl-launch",
	}.WithDefaults()
}

// Promote writes a promote request for svc.
func (f *Fleet) Promote(ctx context.Context, svc, ami, id string) error {
	_, idx, err := f.Store.Desired(ctx, svc)
	if err != nil {
		return fmt.Errorf("read desired of %s: %w", svc, err)
	}
	d := api.Desired{Version: 1, AMI: ami, RequestID: id, RequestedBy: "bench", RequestedAt: f.Clock.Now()}
	if _, err := f.Store.PutDesired(ctx, svc, &d, idx); err != nil {
		return fmt.Errorf("write desired of %s: %w", svc, err)
	}
	return nil
}

// Controller is one controller process: a loop.Run per service, as the
// daemon runs them, each with a wake channel.
type Controller struct {
	wake   map[string]chan struct{}
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// Start runs a loop per service until Stop.
func (f *Fleet) Start(ctx context.Context) *Controller {
	ctx, cancel := context.WithCancel(ctx)
	c := &Controller{wake: map[string]chan struct{}{}, cancel: cancel}
	for _, svc := range f.Names {
		lp := loop.New(loop.Config{
			Service: svc, Holder: "bench-controller", Store: f.Store, Locker: f.Locker,
			Clients: f.Meter.Clients(svc, f.Cloud.Clients()), Clock: f.Clock, NoJitter: true,
		})
		ch := make(chan struct{}, 1)
		c.wake[svc] = ch
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			_ = lp.Run(ctx, ch)
		}()
	}
	return c
}

// Wake wakes svc's loop, as the desired-key watch does.
func (c *Controller) Wake(svc string) {
	select {
	case c.wake[svc] <- struct{}{}:
	default:
	}
}

// Stop ends every loop and waits for them.
func (c *Controller) Stop() {
	c.cancel()
	c.wg.Wait()
}

// phaseOf reads svc's rollout record.
func (f *Fleet) phaseOf(ctx context.Context, svc string) (*api.Rollout, error) {
	r, _, err := f.Store.Rollout(ctx, svc)
	return r, err
}

// FleetResult is what a fleet run measured over its window.
type FleetResult struct {
	Config     FleetConfig
	Meter      MeterReport
	Calls      map[string]int  // simaws counters over the window, by operation
	RolloutDur []time.Duration // request → complete, per rolling service (0: not complete)
	Bootstrap  time.Duration   // simulated time the first deploys took
}

// RunFleet builds the fleet, first-deploys every service (limiter off),
// then promotes cfg.Rolling services at once and measures cfg.Window. It
// sleeps on clk, so under testing/synctest with clock.Real it runs in
// virtual time.
func RunFleet(ctx context.Context, clk clock.Clock, cfg FleetConfig) (FleetResult, error) {
	res := FleetResult{Config: cfg}
	f, err := NewFleet(ctx, clk, cfg.Services, cfg.Desired, cfg.Seed)
	if err != nil {
		return res, err
	}
	c := f.Start(ctx)
	defer c.Stop()
	t0 := clk.Now()
	if err := f.waitAll(ctx, f.Names, sim.AMIs[0], 2*time.Hour); err != nil {
		return res, fmt.Errorf("bootstrap: %w", err)
	}
	res.Bootstrap = clk.Now().Sub(t0)
	f.Cloud.ResetCalls()
	f.Meter.Start(cfg.Limit)
	start := clk.Now()
	for _, svc := range f.Names[:cfg.Rolling] {
		if err := f.Promote(ctx, svc, sim.AMIs[1], "bench-promote"); err != nil {
			return res, err
		}
		c.Wake(svc)
	}
	res.RolloutDur = make([]time.Duration, cfg.Rolling)
	for clk.Now().Sub(start) < cfg.Window {
		sleep(clk, 5*time.Second)
		for i, svc := range f.Names[:cfg.Rolling] {
			if res.RolloutDur[i] > 0 {
				continue
			}
			r, err := f.phaseOf(ctx, svc)
			if err != nil {
				return res, err
			}
			if r != nil && r.AMI == sim.AMIs[1] && r.Phase.Terminal() {
				res.RolloutDur[i] = r.FinishedAt.Sub(start)
			}
		}
	}
	res.Meter, res.Calls = f.Meter.Report(), f.Cloud.Calls()
	return res, nil
}

// waitAll waits until every service in names has a finished rollout of ami.
func (f *Fleet) waitAll(ctx context.Context, names []string, ami string, bound time.Duration) error {
	end := f.Clock.Now().Add(bound)
	for pending := names; ; {
		var left []string
		for _, svc := range pending {
			r, err := f.phaseOf(ctx, svc)
			if err != nil {
				return err
			}
			if r == nil || r.AMI != ami || r.Phase != api.PhaseComplete {
				left = append(left, svc)
			}
		}
		if len(left) == 0 {
			return nil
		}
		if f.Clock.Now().After(end) {
			return fmt.Errorf("%d services not complete after %s (e.g. %s)", len(left), bound, left[0])
		}
		pending = left
		sleep(f.Clock, 30*time.Second)
	}
}

func sleep(c clock.Clock, d time.Duration) {
	t := c.NewTimer(d)
	<-t.C()
}
