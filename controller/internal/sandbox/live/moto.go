package live

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
	"github.com/asgctl/asgctl/controller/internal/sandbox/motohost"
)

// motoCloud is moto_server behind the controller's real SDK adapter. moto
// has no data plane, so the run supplies it: a Mirror runs an agent for
// every instance moto launches in the service's groups, and an overlay on
// DescribeTargetHealth answers from the run's own health checks.
type motoCloud struct {
	endpoint string
	factory  *awssdk.Factory
	clients  awsapi.Clients // the factory's, with the health overlay
	ec2      *ec2.Client    // the run's own (provisioning, the mirror): not counted
	elb      *elbv2.Client
	as       *autoscaling.Client
	balancer balancer.ELB // the overlay over the run's own client
}

// openMoto builds the moto side and starts the mirror and the health
// checks for w.service; they stop with the run.
func (w *world) openMoto(ctx context.Context, endpoint string) (cloudSide, error) {
	opts := []func(*config.LoadOptions) error{config.WithRegion(region), config.WithBaseEndpoint(endpoint),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("sandbox", "sandbox", ""))}
	factory, err := awssdk.New(ctx, awssdk.Options{Region: region, ConfigOptions: opts, Logger: w.log})
	if err != nil {
		return nil, fmt.Errorf("moto at %s: %w", endpoint, err)
	}
	adapter, err := factory.For(ctx, region, "", "")
	if err != nil {
		return nil, fmt.Errorf("moto at %s: %w", endpoint, err)
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("moto at %s: %w", endpoint, err)
	}
	m := &motoCloud{endpoint: endpoint, factory: factory, ec2: ec2.NewFromConfig(cfg), elb: elbv2.NewFromConfig(cfg),
		as: autoscaling.NewFromConfig(cfg)}
	if _, err := m.ec2.DescribeRegions(ctx, &ec2.DescribeRegionsInput{RegionNames: []string{region}}); err != nil {
		return nil, fmt.Errorf("reach moto at %s (AWS_ENDPOINT_URL): %w", endpoint, err)
	}
	mirror := motohost.NewMirror(motohost.MirrorConfig{Service: w.service, AutoScaling: m.as, EC2: m.ec2, Host: w.host, Log: w.log})
	overlay := motohost.ELB(adapter.ELBv2, w.host, motohost.HealthConfig{Hosted: mirror})
	m.clients = adapter
	m.clients.ELBv2 = overlay
	m.balancer = overlay.Over(m.elb)
	w.background(ctx, mirror.Run, overlay.Run)
	return m, nil
}

func (m *motoCloud) Clients() awsapi.Clients { return m.clients }
func (m *motoCloud) Name() string            { return m.endpoint }

// Calls counts the controller's calls through the adapter (the mirror's,
// the provisioning's and the balancer's own reads are not the
// controller's).
func (m *motoCloud) Calls() int {
	return awsapi.TotalCalls(m.factory.Stats().Calls)
}

// BalancerELB is the same health overlay over the run's own client: the
// balancer's reads neither count as the controller's nor spend its
// rate-limit tokens.
func (m *motoCloud) BalancerELB() balancer.ELB { return m.balancer }

// Provision makes the resources in moto, the test listener on the test
// balancer's port. moto's load balancer DNS name leads nowhere, so hooks
// reach the test balancer through verify.base_url. The production
// listener keeps port 80: nothing resolves it.
func (m *motoCloud) Provision(ctx context.Context, service, ami string, ports listenerPorts) (resources, error) {
	r, err := motohost.Provision(ctx, motohost.ProvisionClients{EC2: m.ec2, ELBv2: m.elb}, service, ami)
	if err != nil {
		return resources{}, err
	}
	test, err := motohost.AddListener(ctx, m.elb, service, r, ports.Test)
	if err != nil {
		return resources{}, fmt.Errorf("the test listener: %w", err)
	}
	return resources{LaunchTemplateID: r.LaunchTemplateID, Subnets: r.Subnets, ListenerARN: r.ListenerARN,
		TargetGroups: r.TargetGroups, TestListenerARN: test, HookBaseURL: fmt.Sprintf("http://127.0.0.1:%d", ports.Test)}, nil
}

// Publish is nil: the analysis does not run on moto (see Lacks).
func (m *motoCloud) Publish() publishFunc { return nil }

// Lacks says that the analysis cannot run on moto.
func (m *motoCloud) Lacks(need string) string {
	if need == needAnalysis {
		return "moto's GetMetricData computes no percentiles (a pNN statistic answers HTTP 500) and the controller's " +
			"analysis reads a TargetResponseTime percentile with every window; the simulated AWS runs this scenario"
	}
	return ""
}
