package bench

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/loop"
	"github.com/asgctl/asgctl/controller/internal/sim"
)

// ALBSettings are one set of target-group timings a rollout runs under.
type ALBSettings struct {
	Name        string
	HealthCheck simaws.HealthCheckConfig
	Dereg       time.Duration
}

// DefaultALB is what a target group gets when nothing is set: checks every
// 30s, 5 passes to healthy, 300s deregistration delay.
func DefaultALB() ALBSettings {
	return ALBSettings{Name: "AWS-default ALB", HealthCheck: simaws.DefaultHealthCheck(), Dereg: 300 * time.Second}
}

// TunedALB is what asgctl recommends: checks every 5s, 2 passes, 30s
// deregistration delay.
func TunedALB() ALBSettings {
	return ALBSettings{Name: "tuned ALB", HealthCheck: simaws.TunedHealthCheck(), Dereg: 30 * time.Second}
}

// Rollout benchmark constants: boot and app start are fixed (Min == Max)
// so the floor is exact, pauses between steps are zero (so they are not
// part of the floor either), and simaws applies a weight change at once
// (ConsistencyDelay 0), so the propagation term is zero.
const (
	BenchBoot        = 50 * time.Second
	BenchAppStart    = 10 * time.Second
	BenchPropagation = 0 * time.Second
	BenchScaleDown   = time.Minute
	BenchShutdown    = 20 * time.Second // simaws default Config.Shutdown
	BenchDesired     = 4
)

// BenchSteps is the 3-step 10/50/100 shift with zero pauses (an empty
// pause is zero).
var BenchSteps = []api.Step{{Weight: 10}, {Weight: 50}, {Weight: 100}}

// Profile is the simulated service of the rollout benchmark.
func Profile(s ALBSettings) sim.Profile {
	return sim.Profile{
		HealthCheck: s.HealthCheck, Boot: simaws.Range{Min: BenchBoot, Max: BenchBoot},
		AppStart: simaws.Range{Min: BenchAppStart, Max: BenchAppStart}, Dereg: s.Dereg,
		Desired: BenchDesired, Steps: BenchSteps, ScaleDownDelay: BenchScaleDown,
		Deadline: 15 * time.Minute, Consistency: BenchPropagation,
	}
}

// Floor is the AWS-bound time of a rollout, from the simulated timings.
//
//	healthy  = boot + app_start + 1 × hc_interval
//	           (the agent completes the launch hook once the app answers, so
//	           the target registers with the app up, and a newly registered
//	           target is healthy after its first passing check, one interval
//	           after registration — ALB and simaws semantics alike)
//	promoted = healthy + steps × (weight_propagation + pause)
//	complete = promoted + scale_down_delay + deregistration_delay + shutdown
//
// ThresholdHealthy is the stricter reading some use, boot + app_start +
// healthy_threshold × interval, shown for comparison only: simaws (like the
// ALB) does not apply the threshold to a new target.
type Floor struct {
	Healthy, Promoted, Complete, ThresholdHealthy time.Duration
}

// FloorFor computes the floor of one rollout under s.
func FloorFor(s ALBSettings) Floor {
	hc := s.HealthCheck
	f := Floor{Healthy: BenchBoot + BenchAppStart + hc.Interval}
	f.ThresholdHealthy = BenchBoot + BenchAppStart + time.Duration(hc.HealthyThreshold)*hc.Interval
	for range BenchSteps {
		f.Promoted += BenchPropagation // pauses are 0
	}
	f.Promoted += f.Healthy
	f.Complete = f.Promoted + BenchScaleDown + s.Dereg + BenchShutdown
	return f
}

// FloorFormula is the floor as printed under the table.
const FloorFormula = "floor to promoted = boot + app_start + 1 × hc_interval + steps × (weight_propagation + pause); " +
	"floor to complete = that + scale_down_delay + deregistration_delay + shutdown. " +
	"Here boot = 50 s and app_start = 10 s (fixed), weight_propagation = 0 (simaws applies weights at once), " +
	"pause = 0 (the steps are 10/50/100 with 0 s pauses), scale_down_delay = 1 m, shutdown = 20 s."

// PhaseMark is when a rollout first entered a phase (at a step).
type PhaseMark struct {
	Phase api.Phase
	Step  int
	At    time.Duration // since the request
}

// RolloutResult is one measured blue/green promote of a live service.
type RolloutResult struct {
	Settings   ALBSettings
	Floor      Floor
	Phase      api.Phase
	ToHealthy  time.Duration // request → first pass that saw green ready (first shift)
	ToPromoted time.Duration // request → promoted (100 % on green)
	ToComplete time.Duration // request → complete (blue drained)
	Timeline   []PhaseMark
	Calls      map[string]int // by operation, request → settled
	ByPhase    map[api.Phase]PhaseCalls
	Passes     int
	IdleCalls  map[string]int // one simulated hour idle after the rollout
	IdlePasses int
	Violations []string
}

// PhaseCalls are the passes and AWS calls spent while a rollout was in a
// phase (attributed to the phase the pass observed).
type PhaseCalls struct{ Passes, Calls int }

// RunRollout first-deploys the benchmark service under s, then promotes a
// new AMI (the measured rollout), then leaves the service idle for idle.
func RunRollout(ctx context.Context, seed uint64, s ALBSettings, idle time.Duration) (RolloutResult, error) {
	res := RolloutResult{Settings: s, Floor: FloorFor(s), ByPhase: map[api.Phase]PhaseCalls{}}
	w, err := sim.NewWorld(seed, Profile(s))
	if err != nil {
		return res, err
	}
	d := &sim.Driver{W: w}
	d.AddReplica(0, 0)
	if r := d.PlayAct(ctx, sim.FirstDeploy()); !r.OK {
		return res, fmt.Errorf("first deploy ended %s: %v", r.Result, d.Violations)
	}
	w.Cloud.ResetCalls()
	start := w.Clock.Now()
	last := 0
	seen := map[string]bool{}
	d.OnPass = func(rep loop.PassReport) {
		total := awsapi.TotalCalls(w.Cloud.Calls())
		ph := api.Phase("idle")
		if r := rep.Observed.Rollout; r != nil && r.AMI == sim.AMIs[1] {
			ph = r.Phase
		}
		pc := res.ByPhase[ph]
		pc.Passes++
		pc.Calls += total - last
		res.ByPhase[ph] = pc
		last = total
		if r := w.Record(ctx); r != nil && r.AMI == sim.AMIs[1] {
			key := fmt.Sprintf("%s/%d", r.Phase, r.Step)
			if !seen[key] {
				seen[key] = true
				res.Timeline = append(res.Timeline, PhaseMark{Phase: r.Phase, Step: r.Step, At: w.Clock.Now().Sub(start)})
			}
		}
	}
	act := d.PlayAct(ctx, sim.Promote("promote"))
	res.Calls, res.Passes, res.Violations = w.Cloud.Calls(), act.Passes, d.Violations
	hist, err := w.Store.History(ctx, w.Spec.Name)
	if err != nil {
		return res, fmt.Errorf("read history: %w", err)
	}
	for _, h := range hist {
		if h.AMI != sim.AMIs[1] {
			continue
		}
		res.Phase = h.Phase
		res.ToPromoted, res.ToComplete = h.PromotedAt.Sub(start), h.FinishedAt.Sub(start)
	}
	for _, m := range res.Timeline {
		if m.Phase == api.PhaseShifting {
			res.ToHealthy = m.At
			break
		}
	}
	d.OnPass = nil
	res.IdleCalls, res.IdlePasses = runIdle(ctx, d, idle)
	return res, nil
}

// runIdle runs the driver for a span of simulated time with nothing asked
// of it and returns the AWS calls made.
func runIdle(ctx context.Context, d *sim.Driver, span time.Duration) (map[string]int, int) {
	w := d.W
	w.Cloud.ResetCalls()
	end := w.Clock.Now().Add(span)
	passes := 0
	for ctx.Err() == nil {
		before := w.Cloud.Calls()
		d.Step(ctx)
		if w.Clock.Now().After(end) {
			return before, passes // that pass fell outside the span
		}
		passes++
	}
	return w.Cloud.Calls(), passes
}

// sortedOps returns m's keys, most calls first.
func sortedOps(m map[string]int) []string {
	ops := slices.Sorted(maps.Keys(m))
	slices.SortStableFunc(ops, func(a, b string) int { return m[b] - m[a] })
	return ops
}
