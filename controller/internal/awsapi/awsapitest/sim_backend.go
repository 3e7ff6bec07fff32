package awsapitest

import (
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
)

// simStep is how far the simulated backend moves its clock between checks
// in Eventually: finer than any simulated delay the suite watches for.
const simStep = time.Second

// simEpoch is where the simulated backend's clock starts.
var simEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// simBackend is simaws on a fake clock with the health checks asgctl
// recommends, a 30s deregistration delay, and describes that lag 2s behind
// writes, as AWS's eventually consistent reads do.
type simBackend struct {
	clk   *clocktest.Fake
	cloud *simaws.Cloud
}

// NewSimBackend returns a fresh simulated cloud as a Backend. It follows
// AWS: it declares no differences.
func NewSimBackend(t *testing.T) Backend {
	clk := clocktest.New(simEpoch)
	return &simBackend{clk: clk, cloud: simaws.New(simaws.Config{
		Clock:               clk,
		Seed:                1,
		HealthCheck:         simaws.TunedHealthCheck(),
		DeregistrationDelay: 30 * time.Second,
		ConsistencyDelay:    2 * time.Second,
	})}
}

func (b *simBackend) Name() string            { return "simaws" }
func (b *simBackend) Clients() awsapi.Clients { return b.cloud.Clients() }
func (b *simBackend) Differs() map[string]string {
	return map[string]string{}
}

func (b *simBackend) Subnets(*testing.T) []string {
	return []string{"subnet-0000000000000000a", "subnet-0000000000000000b"}
}

func (b *simBackend) LaunchTemplate(_ *testing.T, name, ami string) string {
	return b.cloud.CreateLaunchTemplate(name, ami)
}

func (b *simBackend) TargetGroup(_ *testing.T, name string) string {
	return b.cloud.CreateTargetGroup(name)
}

func (b *simBackend) LoadBalancer(*testing.T) string { return b.cloud.LoadBalancerARN() }

func (b *simBackend) Listener(_ *testing.T, weights map[string]int) string {
	return b.cloud.CreateListener(weights)
}

func (b *simBackend) ListenerOn(_ *testing.T, port int32, protocol string, weights map[string]int) string {
	return b.cloud.CreateListenerOn(port, protocol, weights)
}

func (b *simBackend) Rule(_ *testing.T, listener string, weights map[string]int) string {
	return b.cloud.CreateRule(listener, weights)
}

func (b *simBackend) Alarm(_ *testing.T, name string) { b.cloud.CreateAlarm(name) }

func (b *simBackend) SetAlarm(_ *testing.T, name, state string) {
	b.cloud.SetAlarmState(name, state)
}

func (b *simBackend) Now() time.Time { return b.clk.Now() }

// Eventually advances the fake clock in simSteps until cond holds, failing
// once within of simulated time has passed.
func (b *simBackend) Eventually(t *testing.T, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := b.clk.Now().Add(within)
	for !cond() {
		if !b.clk.Now().Before(deadline) {
			t.Fatalf("simaws: condition not met within %v of simulated time", within)
		}
		b.clk.Advance(simStep)
	}
}
