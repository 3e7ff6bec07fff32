package live

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consulhttp"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/asgctl/asgctl/controller/internal/sandbox/agenthost"
	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
	"github.com/asgctl/asgctl/controller/internal/sandbox/objstore"
)

const (
	service   = "web"
	bucket    = "sandbox"
	brokenAMI = "ami-0bad0000000000000"
)

// AMIs the scenarios deploy.
var amis = []string{"ami-0a000000000000001", "ami-0a000000000000002"}

// world is every part of a live sandbox run.
type world struct {
	log     *slog.Logger
	dir     string
	mem     *consulkv.Memory
	store   consulkv.Store
	objects *objstore.Store
	host    *agenthost.Host
	cloud   *simaws.Cloud
	lb      *balancer.Balancer
	lbAddr  string
	bins    agenthost.Binaries
	stops   []func()
	reqs    int
}

// newWorld builds the parts; close undoes it.
func newWorld(ctx context.Context, log *slog.Logger) (*world, error) {
	dir, err := os.MkdirTemp("", "asgctl-sandbox-")
	if err != nil {
		return nil, err
	}
	w := &world{log: log, dir: dir, mem: consulkv.NewMemory(clock.Real{}), objects: objstore.New()}
	w.store = consulkv.NewStore(w.mem)
	w.stops = append(w.stops, func() { _ = os.RemoveAll(dir) })
	if err := w.start(ctx); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *world) start(ctx context.Context) error {
	bins, err := agenthost.Build(w.dir)
	if err != nil {
		return fmt.Errorf("build the agent and the sample app: %w", err)
	}
	w.bins = bins
	consulAddr, stopConsul, err := consulhttp.Serve(ctx, "", w.mem)
	if err != nil {
		return err
	}
	w.stops = append(w.stops, stopConsul)
	s3, stopS3, err := objstore.Serve(w.objects)
	if err != nil {
		return err
	}
	w.stops = append(w.stops, stopS3)
	w.host = agenthost.New(agenthost.Config{Bins: bins, Dir: w.dir, Service: service, Region: "us-east-1",
		ConsulAddr: consulAddr, S3Endpoint: s3, Allow: "s3://" + bucket + "/" + service + "/", Log: w.log,
		AppArgs: func(ami string) []string {
			if ami == brokenAMI {
				return []string{"--fail-health"}
			}
			return nil
		}})
	w.stops = append(w.stops, w.host.Close)
	w.cloud = simaws.New(simaws.Config{Clock: clock.Real{}, Seed: 1, Host: w.host,
		Boot: simaws.Range{Min: time.Second, Max: time.Second}, AppStart: simaws.Range{Min: time.Second, Max: time.Second},
		HealthCheck:         simaws.HealthCheckConfig{Interval: time.Second, Timeout: time.Second, HealthyThreshold: 2, UnhealthyThreshold: 2},
		DeregistrationDelay: 2 * time.Second, Shutdown: time.Second})
	spec, err := w.register(ctx)
	if err != nil {
		return err
	}
	w.lb = balancer.New(balancer.Config{ELB: w.cloud.Clients().ELBv2, ListenerARN: spec.ListenerARN, Addr: w.host.Addr, Log: w.log})
	w.stops = append(w.stops, func() { _ = w.lb.Close() })
	w.lbAddr, err = w.lb.Listen("127.0.0.1:0")
	return err
}

// register makes what Terraform would (launch template, target groups, a
// listener 100/0) and the service spec: 4 instances, 10/50/100 with 2 s
// pauses, short delays so the scenarios fit in minutes.
func (w *world) register(ctx context.Context) (api.ServiceSpec, error) {
	lt := w.cloud.CreateLaunchTemplate(service, amis[0])
	a, b := w.cloud.CreateTargetGroup(service+"-a"), w.cloud.CreateTargetGroup(service+"-b")
	listener := w.cloud.CreateListener(map[string]int{a: 100, b: 0})
	delay, keep := api.Duration(3*time.Second), 1
	spec := api.ServiceSpec{
		Version: api.SpecVersion, Name: service, Region: "us-east-1", LaunchTemplateID: lt,
		Subnets: []string{"subnet-0a1", "subnet-0b2"}, ListenerARN: listener, TargetGroups: []string{a, b},
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

// runLoop runs the controller loop until ctx ends.
func (w *world) runLoop(ctx context.Context) {
	lp := loop.New(loop.Config{Service: service, Holder: "sandbox", Store: w.store,
		Locker: consulkv.NewLocker(w.mem, clock.Real{}, consulkv.LockOptions{}), Clients: w.cloud.Clients(),
		Clock: clock.Real{}, Logger: w.log,
		Tuning: reconcile.Tuning{FastPoll: 500 * time.Millisecond, PausePoll: time.Second, IdlePoll: time.Second}})
	_ = lp.Run(ctx, nil)
}

// close stops everything, newest first.
func (w *world) close() {
	for i := len(w.stops) - 1; i >= 0; i-- {
		w.stops[i]()
	}
}

// publishRelease uploads the sample app (with flags) as release id and
// writes deploys/web, as `asgctl release` does.
func (w *world) publishRelease(ctx context.Context, id, flags string) error {
	tarball, sum, err := agenthost.SampleRelease(w.bins.TestApp, flags)
	if err != nil {
		return err
	}
	key := service + "/" + id + ".tar.gz"
	w.objects.Put(bucket, key, tarball, time.Now())
	rel := api.Release{Version: api.ReleaseVersion, Release: id, Artifact: "s3://" + bucket + "/" + key,
		SHA256: sum, CreatedAt: time.Now().UTC(), CreatedBy: "sandbox"}
	data, err := json.Marshal(rel)
	if err != nil {
		return err
	}
	return w.mem.Put(ctx, api.KeyDeploy(service), data)
}

// promote writes a promote request, as `asgctl promote` does.
func (w *world) promote(ctx context.Context, ami string) error {
	w.reqs++
	_, idx, err := w.store.Desired(ctx, service)
	if err != nil {
		return err
	}
	d := api.Desired{Version: 1, AMI: ami, RequestID: fmt.Sprintf("req-%03d", w.reqs), RequestedBy: "sandbox",
		RequestedAt: time.Now().UTC()}
	_, err = w.store.PutDesired(ctx, service, &d, idx)
	return err
}
