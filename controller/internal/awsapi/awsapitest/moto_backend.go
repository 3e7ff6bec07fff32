package awsapitest

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/integration/motoserver"
)

// Real-time waits against moto. moto changes state when it answers a call
// or never, so a wait longer than motoWaitCap shows nothing new.
const (
	motoPoll    = 100 * time.Millisecond
	motoWaitCap = 20 * time.Second
)

// motoBackend is the real aws-sdk-go-v2 clients pointed at moto_server,
// with a VPC, two subnets in two zones and an application load balancer
// made at the start. The setup clients are its own: the suite sees only
// awsapi.Clients.
type motoBackend struct {
	clients awsapi.Clients
	ec2     *ec2.Client
	elb     *elbv2.Client
	cw      *cloudwatch.Client

	vpc      string
	subnets  []string
	lb       string
	port     int32 // next listener port
	priority int32 // next rule priority
}

// NewMotoBackend returns srv as a Backend, with the network made: a VPC,
// two subnets in us-east-1a and us-east-1b and an application load
// balancer over both. srv should be fresh (reset) for every test.
func NewMotoBackend(t *testing.T, srv *motoserver.Server) Backend {
	t.Helper()
	cfg := srv.Config(t)
	b := &motoBackend{
		ec2:  ec2.NewFromConfig(cfg),
		elb:  elbv2.NewFromConfig(cfg),
		cw:   cloudwatch.NewFromConfig(cfg, motoserver.CloudWatchProtocol),
		port: 80, priority: 10,
	}
	b.clients = awsapi.Clients{AutoScaling: autoscaling.NewFromConfig(cfg), EC2: b.ec2, ELBv2: b.elb, CloudWatch: b.cw}
	b.network(t)
	return b
}

func (b *motoBackend) Name() string                   { return "moto" }
func (b *motoBackend) Clients() awsapi.Clients        { return b.clients }
func (b *motoBackend) Subnets(*testing.T) []string    { return b.subnets }
func (b *motoBackend) Differs() map[string]string     { return motoDifferences }
func (b *motoBackend) LoadBalancer(*testing.T) string { return b.lb }
func (b *motoBackend) Now() time.Time                 { return time.Now() }

// Eventually polls cond every motoPoll until it holds, failing after
// within or motoWaitCap, whichever is shorter.
func (b *motoBackend) Eventually(t *testing.T, within time.Duration, cond func() bool) {
	t.Helper()
	within = min(within, motoWaitCap)
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	tick := time.NewTicker(motoPoll)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			t.Fatalf("moto: condition not met within %v", within)
		case <-tick.C:
		}
	}
}
