package live

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
)

// cloudSide is the AWS half of a run: the API the controller loop and the
// balancer call, and what it counts.
type cloudSide interface {
	// Clients are what the controller loop and the balancer call.
	Clients() awsapi.Clients
	// Provision makes what Terraform would for service, with a test
	// listener; the balancers serve the listeners on ports.
	Provision(ctx context.Context, service, ami string, ports listenerPorts) (resources, error)
	// Calls is the number of the controller's AWS API calls so far.
	Calls() int
	// BalancerELB is what the balancer reads weights and health from; its
	// calls are not in Calls.
	BalancerELB() balancer.ELB
	// Name is "simaws" or the endpoint, for the report.
	Name() string
	// Publish files the balancers' traffic as the load balancer's
	// metrics; nil when the cloud takes none.
	Publish() publishFunc
	// Lacks says why the cloud cannot play an act that needs need, or ""
	// when it can.
	Lacks(need string) string
}

// What an act may need of the cloud beyond rollouts.
const (
	// needAnalysis: the controller reads the load balancer's metrics.
	needAnalysis = "analysis"
)

// listenerPorts are the loopback ports the balancers serve the
// production and the test listener on.
type listenerPorts struct {
	Production, Test int32
}

// resources are what Provision made.
type resources struct {
	LaunchTemplateID string
	Subnets          []string
	ListenerARN      string
	TargetGroups     []string
	// TestListenerARN is a second listener of the load balancer,
	// forwarding 100/0 to the target groups, that takes no production
	// traffic.
	TestListenerARN string
	// HookBaseURL is the spec's verify.base_url for hooks to reach the
	// test listener: "" when the load balancer's DNS name and the test
	// listener's port already lead to the test balancer.
	HookBaseURL string
}

// openCloud is simaws in hosted mode, or moto at endpoint.
func (w *world) openCloud(ctx context.Context, endpoint string) (cloudSide, error) {
	if endpoint != "" {
		return w.openMoto(ctx, endpoint)
	}
	return newSimCloud(w.host), nil
}

// simCloud is simaws in hosted mode on the wall clock: its instances run
// on the agent host, its health checks probe them. Its load balancer's
// metrics have a 10 s resolution, so that the sandbox's analysis can
// judge 10 s windows, and its DNS name is 127.0.0.1, where the balancers
// serve its listeners on their own ports.
type simCloud struct {
	c       *simaws.Cloud
	lb      balancer.ELB // counts its calls in lbCalls
	lbCalls atomic.Int64 // the balancer's reads, subtracted from Calls
}

func newSimCloud(h simaws.Host) *simCloud {
	s := &simCloud{}
	s.c = simaws.New(simaws.Config{Clock: clock.Real{}, Seed: 1, Host: h,
		Boot: simaws.Range{Min: time.Second, Max: time.Second}, AppStart: simaws.Range{Min: time.Second, Max: time.Second},
		HealthCheck:         simaws.HealthCheckConfig{Interval: time.Second, Timeout: time.Second, HealthyThreshold: 2, UnhealthyThreshold: 2},
		DeregistrationDelay: 2 * time.Second, Shutdown: time.Second, MetricResolution: 10 * time.Second})
	s.c.SetLoadBalancerDNS("127.0.0.1")
	count := awssdk.GateFunc(func(context.Context, string) error { s.lbCalls.Add(1); return nil })
	s.lb = awssdk.Gated(s.c.Clients(), count).ELBv2
	return s
}

func (s *simCloud) BalancerELB() balancer.ELB { return s.lb }

func (s *simCloud) Clients() awsapi.Clients { return s.c.Clients() }
func (s *simCloud) Name() string            { return "simaws" }

func (s *simCloud) Calls() int {
	return awsapi.TotalCalls(s.c.Calls()) - int(s.lbCalls.Load())
}

func (s *simCloud) Publish() publishFunc { return s.c.RecordTargetGroupTraffic }
func (s *simCloud) Lacks(string) string  { return "" }

// Provision makes the launch template, the target groups and the two
// listeners, each on the port its balancer serves.
func (s *simCloud) Provision(_ context.Context, service, ami string, ports listenerPorts) (resources, error) {
	a, b := s.c.CreateTargetGroup(service+"-a"), s.c.CreateTargetGroup(service+"-b")
	return resources{
		LaunchTemplateID: s.c.CreateLaunchTemplate(service, ami),
		Subnets:          []string{"subnet-0a1", "subnet-0b2"},
		ListenerARN:      s.c.CreateListenerOn(ports.Production, "HTTP", map[string]int{a: 100, b: 0}),
		TestListenerARN:  s.c.CreateListenerOn(ports.Test, "HTTP", map[string]int{a: 100, b: 0}),
		TargetGroups:     []string{a, b},
	}, nil
}
