package live

import (
	"io"
	"log/slog"
)

// Options control a live run.
type Options struct {
	Out    io.Writer // progress lines; nil prints nothing
	Logger *slog.Logger
	// Consul, when its Address is set, is a real Consul agent the run
	// uses instead of the in-memory store: the controller and every
	// agent talk to it, under a service name of the run's own
	// (sandbox-XXXXXX) whose keys are deleted at the end.
	Consul ConsulOptions
	// AWSEndpoint, when set, is a moto_server URL the controller's real
	// SDK adapter talks to instead of the simulated AWS; the run then
	// provisions the network, target groups and listener there, runs an
	// agent for every instance moto launches and health-checks them
	// itself (moto runs no checks).
	AWSEndpoint string
	// Scenarios, when set, plays first_deploy (which every other scenario
	// stands on) and then only the named ones, in their usual order.
	Scenarios []string
}

// ConsulOptions name a real Consul agent.
type ConsulOptions struct {
	Address   string // host:port or http(s)://host:port
	Token     string
	TokenFile string
}

// Requests counts load requests.
type Requests struct {
	Sent int64 `json:"sent"`
	// Failed counts the failures of the system: every request that did
	// not get a 200 naming the release, except ExpectedFailed.
	Failed int64 `json:"failed"`
	// ExpectedFailed counts the 500s a bad green's sample app gave on
	// purpose (--error-fraction): the fault the bad_green scenario shows
	// the analysis catching.
	ExpectedFailed int64 `json:"expected_failed"`
}

// minus is what r counted since before.
func (r Requests) minus(before Requests) Requests {
	return Requests{Sent: r.Sent - before.Sent, Failed: r.Failed - before.Failed, ExpectedFailed: r.ExpectedFailed - before.ExpectedFailed}
}

// resultSkipped is the result of a scenario the run could not play.
const resultSkipped = "skipped"

// Scenario is one act's outcome. It keeps the simulated sandbox's fields
// (name, service, result, expected, reason, ok, duration_simulated_s,
// aws_calls, passes, rollouts) and adds the wall-clock time, the load
// requests sent, failed and expected to fail during the act, and for the
// acts whose green misbehaves what production traffic green answered.
// The live cloud runs on the wall clock, so its simulated time is the
// wall time the cloud saw.
type Scenario struct {
	Name         string   `json:"name"`
	Service      string   `json:"service"`
	Result       string   `json:"result"`
	Expected     string   `json:"expected"`
	Reason       string   `json:"reason,omitempty"`
	OK           bool     `json:"ok"`
	SimulatedSec float64  `json:"duration_simulated_s"`
	WallSec      float64  `json:"duration_wall_s"`
	AWSCalls     int      `json:"aws_calls"`
	Passes       int      `json:"passes"`
	Rollouts     []string `json:"rollouts"`
	Requests     Requests `json:"requests"`
	// GreenProductionRequests counts the production requests the
	// balancer routed to green's target group (bad_green, smoke_failure).
	GreenProductionRequests *int64 `json:"green_production_requests,omitempty"`
	// BadTrafficSec is how long a bad green served production traffic:
	// from its first production answer to its last, when the revert's
	// weights reached the balancer (bad_green).
	BadTrafficSec *float64 `json:"bad_traffic_s,omitempty"`
	// Skipped says why the scenario was not played (Result "skipped").
	Skipped string `json:"skipped,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Report is the live sandbox's document: the simulated sandbox's
// (scenarios, ok, duration_wall_s; its invariant violations are a
// simulation's, checked against ground truth the live run does not have)
// plus the backends used, the load's totals and the first failures.
type Report struct {
	Mode      string     `json:"mode"`   // "live"
	AWS       string     `json:"aws"`    // "simaws" or the moto endpoint
	Consul    string     `json:"consul"` // "memory" or the agent's address
	Scenarios []Scenario `json:"scenarios"`
	OK        bool       `json:"ok"`
	Requests  Requests   `json:"requests"`
	// FailureSamples are the first failures of the system, in words.
	FailureSamples []string `json:"failure_samples,omitempty"`
	WallSec        float64  `json:"duration_wall_s"`
}
