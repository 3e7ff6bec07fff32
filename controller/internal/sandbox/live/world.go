package live

import (
	"context"
	"fmt"
	"log/slog"
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
	bucket    = "sandbox"
	region    = "us-east-1"
	brokenAMI = "ami-0bad0000000000000"
)

// AMIs the scenarios deploy.
var amis = []string{"ami-0a000000000000001", "ami-0a000000000000002"}

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
	lb                                      *balancer.Balancer
	lbAddr                                  string
	bins                                    agenthost.Binaries
	stops                                   []func()
	reqs                                    int
	serving                                 string // the last release published without failure flags
	passes                                  atomic.Int64
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
		AppArgs: func(ami string) []string {
			if ami == brokenAMI {
				return []string{"--fail-health"}
			}
			return nil
		}})
	w.stops = append(w.stops, w.host.Close)
	if w.cloud, err = w.openCloud(ctx, o.AWSEndpoint); err != nil {
		return err
	}
	spec, err := w.register(ctx)
	if err != nil {
		return err
	}
	w.lb = balancer.New(balancer.Config{ELB: w.cloud.BalancerELB(), ListenerARN: spec.ListenerARN, Addr: w.host.Addr, Log: w.log})
	w.stops = append(w.stops, func() { _ = w.lb.Close() })
	w.lbAddr, err = w.lb.Listen("127.0.0.1:0")
	return err
}

// register makes what Terraform would (launch template, target groups, a
// listener 100/0) and the service spec: 4 instances, 10/50/100 with 2 s
// pauses, short delays so the scenarios fit in minutes (a green that
// never gets healthy is reverted after the 1 m progress deadline, the
// shortest a spec allows).
func (w *world) register(ctx context.Context) (api.ServiceSpec, error) {
	res, err := w.cloud.Provision(ctx, w.service, amis[0])
	if err != nil {
		return api.ServiceSpec{}, fmt.Errorf("provision the service's load balancer and launch template: %w", err)
	}
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
		return spec, fmt.Errorf("register the spec: %w", err)
	}
	return spec, nil
}

// runLoop runs the controller loop until ctx ends, counting its passes.
func (w *world) runLoop(ctx context.Context) {
	lp := loop.New(loop.Config{Service: w.service, Holder: "sandbox", Store: w.store,
		Locker: consulkv.NewLocker(w.kv, clock.Real{}, consulkv.LockOptions{}), Clients: w.cloud.Clients(),
		Clock: clock.Real{}, Logger: w.log, OnPass: func(loop.PassReport) { w.passes.Add(1) },
		Tuning: reconcile.Tuning{FastPoll: 500 * time.Millisecond, BootPoll: 500 * time.Millisecond, PausePoll: time.Second, IdlePoll: time.Second}})
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
