package live

import (
	"context"
	"sync/atomic"
	"time"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
)

// cloudSide is the AWS half of a run: the API the controller loop and the
// balancer call, and what it counts.
type cloudSide interface {
	// Clients are what the controller loop and the balancer call.
	Clients() awsapi.Clients
	// Provision makes what Terraform would for service.
	Provision(ctx context.Context, service, ami string) (resources, error)
	// Calls is the number of the controller's AWS API calls so far.
	Calls() int
	// BalancerELB is what the balancer reads weights and health from; its
	// calls are not in Calls.
	BalancerELB() balancer.ELB
	// Name is "simaws" or the endpoint, for the report.
	Name() string
}

// resources are what Provision made.
type resources struct {
	LaunchTemplateID string
	Subnets          []string
	ListenerARN      string
	TargetGroups     []string
}

// openCloud is simaws in hosted mode, or moto at endpoint.
func (w *world) openCloud(ctx context.Context, endpoint string) (cloudSide, error) {
	if endpoint != "" {
		return w.openMoto(ctx, endpoint)
	}
	return newSimCloud(w.host), nil
}

// simCloud is simaws in hosted mode on the wall clock: its instances run
// on the agent host, its health checks probe them.
type simCloud struct {
	c  *simaws.Cloud
	lb countedELB // the balancer's reads, subtracted from Calls
}

func newSimCloud(h simaws.Host) *simCloud {
	s := &simCloud{}
	s.c = simaws.New(simaws.Config{Clock: clock.Real{}, Seed: 1, Host: h,
		Boot: simaws.Range{Min: time.Second, Max: time.Second}, AppStart: simaws.Range{Min: time.Second, Max: time.Second},
		HealthCheck:         simaws.HealthCheckConfig{Interval: time.Second, Timeout: time.Second, HealthyThreshold: 2, UnhealthyThreshold: 2},
		DeregistrationDelay: 2 * time.Second, Shutdown: time.Second})
	s.lb.ELB = s.c.Clients().ELBv2
	return s
}

func (s *simCloud) BalancerELB() balancer.ELB { return &s.lb }

func (s *simCloud) Clients() awsapi.Clients { return s.c.Clients() }
func (s *simCloud) Name() string            { return "simaws" }

func (s *simCloud) Calls() int {
	return awsapi.TotalCalls(s.c.Calls()) - int(s.lb.n.Load())
}

func (s *simCloud) Provision(_ context.Context, service, ami string) (resources, error) {
	a, b := s.c.CreateTargetGroup(service+"-a"), s.c.CreateTargetGroup(service+"-b")
	return resources{
		LaunchTemplateID: s.c.CreateLaunchTemplate(service, ami),
		Subnets:          []string{"subnet-0a1", "subnet-0b2"},
		ListenerARN:      s.c.CreateListener(map[string]int{a: 100, b: 0}),
		TargetGroups:     []string{a, b},
	}, nil
}

// countedELB counts the calls made through it.
type countedELB struct {
	balancer.ELB
	n atomic.Int64
}

func (c *countedELB) DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	c.n.Add(1)
	return c.ELB.DescribeListeners(ctx, in, optFns...)
}

func (c *countedELB) DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	c.n.Add(1)
	return c.ELB.DescribeRules(ctx, in, optFns...)
}

func (c *countedELB) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	c.n.Add(1)
	return c.ELB.DescribeTargetHealth(ctx, in, optFns...)
}
