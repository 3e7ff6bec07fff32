package motohost

import (
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// Defaults of HealthConfig.
const (
	DefaultInterval           = time.Second
	DefaultHealthyThreshold   = 2
	DefaultUnhealthyThreshold = 2
)

// Health tells whether an instance answers its health check now
// (agenthost.Host: the last probe of its traffic port).
type Health interface {
	Healthy(id string) bool
}

// Hosted tells whether an instance is running in the sandbox (a *Mirror).
type Hosted interface {
	Hosted(id string) bool
}

// HealthConfig says how the Overlay checks targets.
type HealthConfig struct {
	// Hosted tells which instances run; targets of others are left out.
	// nil: every instance counts as hosted.
	Hosted             Hosted
	Clock              clock.Clock   // nil: the wall clock
	Interval           time.Duration // between checks; 0: DefaultInterval
	HealthyThreshold   int           // 0: DefaultHealthyThreshold
	UnhealthyThreshold int           // 0: DefaultUnhealthyThreshold
}

// Overlay is an awsapi.ELBv2 over moto's that answers DescribeTargetHealth
// from its own ALB-style health checks, because moto runs none. Every other
// call passes through unchanged. Run must be running for targets ever to
// leave "initial".
//
// A target whose instance is not hosted is left out of the answer: one
// that left its group (moto keeps it registered and healthy), and also,
// for up to one Mirror poll, a new instance the Mirror has not started
// yet — the ALB would show it initial; either way it gets no traffic and
// does not count as healthy.
type Overlay struct {
	inner  awsapi.ELBv2
	health Health
	cfg    HealthConfig
	th     thresholds
	st     *checkTable // shared by the views Over makes
}

// checkTable is the health-check state of every target seen healthy in
// moto and hosted.
type checkTable struct {
	mu      sync.Mutex
	targets map[targetKey]checkState
}

// targetKey names a target in a target group: each group checks its
// targets on its own, as the ALB does.
type targetKey struct {
	tg, id string
}

var _ awsapi.ELBv2 = (*Overlay)(nil)

// ELB returns the health overlay of inner: h gives the probe results,
// cfg the checking.
func ELB(inner awsapi.ELBv2, h Health, cfg HealthConfig) *Overlay {
	if cfg.Hosted == nil {
		cfg.Hosted = allHosted{}
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.HealthyThreshold <= 0 {
		cfg.HealthyThreshold = DefaultHealthyThreshold
	}
	if cfg.UnhealthyThreshold <= 0 {
		cfg.UnhealthyThreshold = DefaultUnhealthyThreshold
	}
	return &Overlay{inner: inner, health: h, cfg: cfg, st: &checkTable{targets: map[targetKey]checkState{}},
		th: thresholds{healthy: cfg.HealthyThreshold, unhealthy: cfg.UnhealthyThreshold}}
}

// Over is the same overlay (one set of health checks, run by o's Run) in
// front of another client of the same moto: say, one whose calls are not
// counted or rate-limited as the controller's are.
func (o *Overlay) Over(inner awsapi.ELBv2) *Overlay {
	v := *o
	v.inner = inner
	return &v
}

// allHosted is the Hosted of a config that names none.
type allHosted struct{}

func (allHosted) Hosted(string) bool { return true }
