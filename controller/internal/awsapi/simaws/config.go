package simaws

import (
	"fmt"
	"slices"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// Range is a duration drawn uniformly in [Min, Max] with the Cloud's seeded
// source. Max < Min is treated as Max == Min.
type Range struct{ Min, Max time.Duration }

// HealthCheckConfig is a target group's health check timing.
type HealthCheckConfig struct {
	Interval, Timeout                    time.Duration
	HealthyThreshold, UnhealthyThreshold int
}

// DefaultHealthCheck returns the ALB defaults: every 30s, 5s timeout,
// 5 passes to become healthy, 2 failures to become unhealthy.
func DefaultHealthCheck() HealthCheckConfig {
	return HealthCheckConfig{Interval: 30 * time.Second, Timeout: 5 * time.Second, HealthyThreshold: 5, UnhealthyThreshold: 2}
}

// TunedHealthCheck returns the settings asgctl recommends: every 5s, 2s
// timeout, 2 passes, 2 failures.
func TunedHealthCheck() HealthCheckConfig {
	return HealthCheckConfig{Interval: 5 * time.Second, Timeout: 2 * time.Second, HealthyThreshold: 2, UnhealthyThreshold: 2}
}

// Config configures a Cloud. Zero fields take the documented defaults.
type Config struct {
	Clock               clock.Clock
	Seed                uint64
	Region              string            // default "us-east-1"
	AccountID           string            // default "123456789012"
	Boot                Range             // Pending -> instance running; default {40s, 60s}
	AppStart            Range             // running -> app answers health checks; default {5s, 10s}
	HealthCheck         HealthCheckConfig // default DefaultHealthCheck()
	DeregistrationDelay time.Duration     // default 300s
	Shutdown            time.Duration     // Terminating -> Terminated after draining; default 20s
	// ConsistencyDelay is how long describes show the previous state after a
	// create or modify made through the API; default 0.
	ConsistencyDelay time.Duration
	// Advance is called for latency faults so the simulation can move its
	// fake clock; nil means latency is ignored.
	Advance func(time.Duration)
	// Host, when set, runs a real application for every instance (hosted
	// mode, see Host); AppStart and application faults then do not apply.
	Host Host
	// MetricResolution is the period RecordTargetGroupTraffic files a
	// target group's load balancer metrics to: one minute by default, as
	// an application load balancer publishes them. A simulation that runs
	// analysis windows shorter than a minute (the live sandbox) may choose
	// 1, 5, 10, 20 or 30 seconds, which real ALB metrics never have.
	MetricResolution time.Duration
}

// metricResolutions are the MetricResolution values allowed: whole
// divisions of the minute that are also GetMetricData periods, so that
// every query period is made of whole datapoint periods.
var metricResolutions = []time.Duration{time.Second, 5 * time.Second, 10 * time.Second, 20 * time.Second, 30 * time.Second, time.Minute}

func (cfg Config) withDefaults() Config {
	if cfg.Clock == nil {
		panic("simaws: Config.Clock is required")
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "123456789012"
	}
	if cfg.Boot == (Range{}) {
		cfg.Boot = Range{40 * time.Second, 60 * time.Second}
	}
	if cfg.AppStart == (Range{}) {
		cfg.AppStart = Range{5 * time.Second, 10 * time.Second}
	}
	if cfg.HealthCheck == (HealthCheckConfig{}) {
		cfg.HealthCheck = DefaultHealthCheck()
	}
	cfg.HealthCheck = cfg.HealthCheck.normalized()
	if cfg.DeregistrationDelay == 0 {
		cfg.DeregistrationDelay = 300 * time.Second
	}
	if cfg.Shutdown == 0 {
		cfg.Shutdown = 20 * time.Second
	}
	if cfg.MetricResolution == 0 {
		cfg.MetricResolution = time.Minute
	}
	if !slices.Contains(metricResolutions, cfg.MetricResolution) {
		panic(fmt.Sprintf("simaws: Config.MetricResolution %v is not one of %v (the default, 0, is 1m as real load balancers publish)", cfg.MetricResolution, metricResolutions))
	}
	return cfg
}

// normalized fills zero fields with the AWS defaults so a partly set config
// cannot stall the health checker.
func (h HealthCheckConfig) normalized() HealthCheckConfig {
	d := DefaultHealthCheck()
	if h.Interval <= 0 {
		h.Interval = d.Interval
	}
	if h.Timeout <= 0 {
		h.Timeout = d.Timeout
	}
	if h.HealthyThreshold <= 0 {
		h.HealthyThreshold = d.HealthyThreshold
	}
	if h.UnhealthyThreshold <= 0 {
		h.UnhealthyThreshold = d.UnhealthyThreshold
	}
	return h
}
