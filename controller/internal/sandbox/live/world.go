package live

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/asgctl/asgctl/controller/internal/sandbox/agenthost"
	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
	"github.com/asgctl/asgctl/controller/internal/sandbox/objstore"
)

const (
	bucket = "sandbox"
	region = "us-east-1"
)

// AMIs the scenarios deploy: the good ones, and those whose instances run
// the sample app with a fault (appFaults).
var amis = []string{"ami-0a000000000000001", "ami-0a000000000000002"}

const (
	brokenAMI     = "ami-0bad0000000000000" // fails its health check
	erroringAMI   = "ami-0e5000000000000e5" // healthy; 5 % of its answers are 500
	brokenRootAMI = "ami-0b0000000000000b0" // healthy; "/" does not name the release
)

// appFaults are the sample app's arguments on an AMI's instances: how the
// scenarios make only green's instances misbehave.
var appFaults = map[string][]string{
	brokenAMI:     {"--fail-health"},
	erroringAMI:   {"--error-fraction", "0.05"},
	brokenRootAMI: {"--broken-root"},
}

// world is every part of a live sandbox run.
type world struct {
	log     *slog.Logger
	dir     string
	service string
	// kv is the in-memory store or a real Consul; store is the typed view.
	kv    consulkv.Backend
	store consulkv.Store
	// consulAddr is what the agents dial (host:port); consulName is for
	// the report; consulTokenFile is the agents' token file, if any.
	consulAddr, consulName, consulTokenFile string
	objects                                 *objstore.Store
	host                                    *agenthost.Host
	cloud                                   cloudSide
	// spec is the service's spec as registered; res what Provision made.
	spec api.ServiceSpec
	res  resources
	// lb serves the production listener at lbAddr, testLB the test
	// listener; meter publishes their traffic and counts production's.
	lb, testLB *balancer.Balancer
	lbAddr     string
	meter      *meter
	bins       agenthost.Binaries
	stops      []func()
	reqs       int
	serving    string // the last release published without failure flags
	passes     atomic.Int64
}

// newWorld builds the parts; close undoes it.
func newWorld(ctx context.Context, o Options, log *slog.Logger) (*world, error) {
	dir, err := os.MkdirTemp("", "asgctl-sandbox-")
	if err != nil {
		return nil, err
	}
	w := &world{log: log, dir: dir, objects: objstore.New()}
	w.stops = append(w.stops, func() { _ = os.RemoveAll(dir) })
	if err := w.start(ctx, o); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *world) start(ctx context.Context, o Options) error {
	bins, err := agenthost.Programs(w.dir)
	if err != nil {
		return fmt.Errorf("the agent and the sample app: %w", err)
	}
	w.bins = bins
	if err := w.openConsul(ctx, o.Consul); err != nil {
		return err
	}
	w.store = consulkv.NewStore(w.kv)
	s3, stopS3, err := objstore.Serve(w.objects)
	if err != nil {
		return err
	}
	w.stops = append(w.stops, stopS3)
	w.host = agenthost.New(agenthost.Config{Bins: bins, Dir: w.dir, Service: w.service, Region: region,
		ConsulAddr: w.consulAddr, ConsulTokenFile: w.consulTokenFile, S3Endpoint: s3,
		Allow: "s3://" + bucket + "/" + w.service + "/", Log: w.log,
		AppArgs: func(ami string) []string { return appFaults[ami] }})
	w.stops = append(w.stops, w.host.Close)
	if w.cloud, err = w.openCloud(ctx, o.AWSEndpoint); err != nil {
		return err
	}
	return w.startBalancers(ctx)
}

// startBalancers opens the balancers' ports, registers the service with
// its listeners on them, and serves both listeners; the meter publishes
// their traffic.
func (w *world) startBalancers(ctx context.Context) error {
	prod, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("the balancer's port: %w", err)
	}
	test, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = prod.Close()
		return fmt.Errorf("the test balancer's port: %w", err)
	}
	w.lbAddr = prod.Addr().String()
	w.meter = newMeter(w.cloud.Publish())
	w.background(ctx, w.meter.run)
	if err := w.register(ctx, listenerPorts{Production: portOf(prod), Test: portOf(test)}); err != nil {
		_, _ = prod.Close(), test.Close()
		return err
	}
	w.lb = w.balancer(w.spec.ListenerARN, true)
	w.testLB = w.balancer(w.res.TestListenerARN, false)
	if err := w.lb.Serve(prod); err != nil {
		return err
	}
	return w.testLB.Serve(test)
}

// balancer follows listener; Close stops it.
func (w *world) balancer(listener string, production bool) *balancer.Balancer {
	b := balancer.New(balancer.Config{ELB: w.cloud.BalancerELB(), ListenerARN: listener, Addr: w.host.Addr,
		OnAnswer: w.meter.answer(production), Log: w.log})
	w.stops = append(w.stops, func() { _ = b.Close() })
	return b
}

func portOf(ln net.Listener) int32 { return int32(ln.Addr().(*net.TCPAddr).Port) }

// register makes what Terraform would (launch template, target groups, a
// listener 100/0 and a test listener) and the service spec: 4 instances,
// 10/50/100 with 2 s pauses, short delays so the scenarios fit in minutes
// (a green that never gets healthy is reverted after the 1 m progress
// deadline, the shortest a spec allows). The spec names no test listener,
// hooks or analysis: the scenarios that need them put their own for the
// time of their rollout.
func (w *world) register(ctx context.Context, ports listenerPorts) error {
	res, err := w.cloud.Provision(ctx, w.service, amis[0], ports)
	if err != nil {
		return fmt.Errorf("provision the service's load balancer and launch template: %w", err)
	}
	w.res = res
	delay, keep := api.Duration(3*time.Second), 1
	spec := api.ServiceSpec{
		Version: api.SpecVersion, Name: w.service, Region: region, LaunchTemplateID: res.LaunchTemplateID,
		Subnets: res.Subnets, ListenerARN: res.ListenerARN, TargetGroups: res.TargetGroups,
		Capacity:       api.Capacity{Min: 2, Max: 8, Desired: 4},
		Steps:          []api.Step{{Weight: 10, Pause: "2s"}, {Weight: 50, Pause: "2s"}, {Weight: 100}},
		ScaleDownDelay: &delay, KeepPrevious: &keep, ProgressDeadline: api.Duration(time.Minute),
		LifecycleHook: "asgctl-launch",
	}.WithDefaults()
	if err := w.store.PutSpec(ctx, &spec); err != nil {
		return fmt.Errorf("register the spec: %w", err)
	}
	w.spec = spec
	return nil
}

// runLoop runs the controller loop until ctx ends, counting its passes.
func (w *world) runLoop(ctx context.Context) {
	lp := loop.New(loop.Config{Service: w.service, Holder: "sandbox", Store: w.store,
		Locker: consulkv.NewLocker(w.kv, clock.Real{}, consulkv.LockOptions{}), Clients: w.cloud.Clients(),
		Clock: clock.Real{}, Logger: w.log, OnPass: func(loop.PassReport) { w.passes.Add(1) },
		Tuning: reconcile.Tuning{FastPoll: 500 * time.Millisecond, BootPoll: 500 * time.Millisecond, PausePoll: time.Second,
			IdlePoll: time.Second, MetricsDelay: -1}}) // the metrics are in the simulated cloud at once
	_ = lp.Run(ctx, nil)
}

// close stops everything, newest first.
func (w *world) close() {
	for i := len(w.stops) - 1; i >= 0; i-- {
		w.stops[i]()
	}
}

// promote writes a promote request, as `asgctl promote` does.
func (w *world) promote(ctx context.Context, ami string) error {
	w.reqs++
	_, idx, err := w.store.Desired(ctx, w.service)
	if err != nil {
		return err
	}
	d := api.Desired{Version: 1, AMI: ami, RequestID: w.requestID(), RequestedBy: "sandbox",
		RequestedAt: time.Now().UTC()}
	_, err = w.store.PutDesired(ctx, w.service, &d, idx)
	return err
}

// requestID is the id of the latest promote request.
func (w *world) requestID() string { return fmt.Sprintf("req-%03d", w.reqs) }

// background runs each fn until the run ends; close waits for them.
func (w *world) background(ctx context.Context, fns ...func(context.Context)) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(ctx)
		}()
	}
	w.stops = append(w.stops, func() {
		cancel()
		wg.Wait()
	})
}
