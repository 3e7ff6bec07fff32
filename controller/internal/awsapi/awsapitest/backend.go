package awsapitest

import (
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// Backend is one implementation of the awsapi interfaces plus the setup
// Terraform would have done, and a way to let time pass.
type Backend interface {
	Name() string
	Clients() awsapi.Clients
	// Subnets returns the subnets groups launch into: two, in two
	// availability zones.
	Subnets(t *testing.T) []string
	// LaunchTemplate creates a launch template whose version 1 (the
	// default) launches ami, and returns its id.
	LaunchTemplate(t *testing.T, name, ami string) string
	// TargetGroup creates an HTTP instance target group with tuned health
	// checks and returns its ARN.
	TargetGroup(t *testing.T, name string) string
	// LoadBalancer returns the ARN of the backend's application load
	// balancer, the one its listeners belong to.
	LoadBalancer(t *testing.T) string
	// Listener creates a listener on the backend's load balancer whose
	// default action forwards to the target groups with these weights.
	Listener(t *testing.T, weights map[string]int) string
	// ListenerOn creates a listener on the backend's load balancer on
	// port with protocol "HTTP" or "HTTPS" (with whatever certificate the
	// backend needs), forwarding with these weights, and returns its ARN.
	ListenerOn(t *testing.T, port int32, protocol string, weights map[string]int) string
	// Rule adds a rule (path /*) forwarding with these weights to a
	// listener and returns its ARN.
	Rule(t *testing.T, listener string, weights map[string]int) string
	// Alarm creates a metric alarm in state OK.
	Alarm(t *testing.T, name string)
	// SetAlarm sets an alarm's state: "OK", "ALARM" or "INSUFFICIENT_DATA".
	SetAlarm(t *testing.T, name, state string)
	// Now is the backend's current time: the simulated clock, or the
	// real one. CloudWatch takes datapoints up to two weeks old.
	Now() time.Time
	// Eventually waits until cond holds, failing the test after within:
	// a simulated backend advances its fake clock in steps, a real one polls.
	Eventually(t *testing.T, within time.Duration, cond func() bool)
	// Differs names the known differences of this backend from AWS:
	// key -> why. A backend that follows AWS returns none.
	Differs() map[string]string
}

// Skip skips the calling test on a backend that lists key in Differs(),
// naming the difference.
func Skip(t *testing.T, b Backend, key string) {
	t.Helper()
	if reason, ok := b.Differs()[key]; ok {
		t.Skipf("%s differs from AWS [%s]: %s", b.Name(), key, reason)
	}
}
