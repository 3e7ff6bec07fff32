package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// The analysis of the bad_green scenario: 10 s windows (the simulated
// cloud's metric resolution), judged on error rate alone, reverting on the
// first failing window. Green's first step gets 20 % of the 100 req/s, so
// 200 requests a window against blue's 800; min_requests asks for half.
// A latency check is left out: on a shared two-core machine a p99 moves
// with whatever else runs, and this scenario shows the error rate.
const (
	analysisInterval = 10 * time.Second
	analysisMin      = 100
	analysisStep     = 20
	// analysisPause holds the first step for at least two windows: the
	// step could move on only after a passing verdict.
	analysisPause = "30s"
)

// analysisSpec is the registered spec with the analysis and steps whose
// first holds green at analysisStep % for analysisPause.
func (w *world) analysisSpec() api.ServiceSpec {
	s := w.spec
	s.Steps = []api.Step{{Weight: analysisStep, Pause: analysisPause}, {Weight: 50, Pause: "2s"}, {Weight: 100}}
	s.Analysis = &api.Analysis{Interval: api.Duration(analysisInterval), MinRequests: analysisMin,
		ErrorRate: &api.ErrorRateCheck{}, FailureLimit: 1}
	return s.WithDefaults()
}

// smokeSpec is the registered spec with the test listener and a smoke
// check before traffic: "/" through the test listener must name the
// release. A relative URL, resolved against the test listener (or
// verify.base_url where the load balancer's DNS name leads nowhere).
func (w *world) smokeSpec() api.ServiceSpec {
	s := w.spec
	s.TestListenerARN = w.res.TestListenerARN
	s.Verify = &api.Verify{BaseURL: w.res.HookBaseURL, BeforeTraffic: []api.Hook{
		{Name: "smoke", HTTP: &api.HTTPCheck{URL: "/", BodyRegexp: "release=", Repeats: 3}},
	}}
	return s.WithDefaults()
}

// promoteWith puts spec for one promote of ami and puts the registered
// spec back once the rollout has ended, so that the other scenarios keep
// theirs.
func (w *world) promoteWith(ctx context.Context, ami string, spec api.ServiceSpec) (o outcome, err error) {
	if err := w.store.PutSpec(ctx, &spec); err != nil {
		return outcome{}, fmt.Errorf("put the scenario's spec: %w", err)
	}
	defer func() {
		if perr := w.store.PutSpec(ctx, &w.spec); perr != nil {
			err = errors.Join(err, fmt.Errorf("put the registered spec back: %w", perr))
		}
	}()
	return w.promoteAndWait(ctx, ami)
}
