package sim

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Mix is a fault mix applied once the service is live.
type Mix struct {
	Name      string
	Faults    simaws.FaultConfig
	SlowBoot  bool
	Flapping  bool
	AWSChecks bool // AWS-default (slow) ALB health checks instead of tuned ones
}

// Mixes are the fault mixes seeds draw from.
var Mixes = []Mix{
	{Name: "none"},
	{Name: "api_errors", Faults: simaws.FaultConfig{ErrorRate: 0.05}},
	{Name: "throttling", Faults: simaws.FaultConfig{ThrottleRate: 0.15}},
	{Name: "stale_reads", Faults: simaws.FaultConfig{StaleReadRate: 0.3}},
	{Name: "slow_boot", SlowBoot: true},
	{Name: "aws_default_checks", AWSChecks: true},
	{Name: "flapping_green", Flapping: true},
	{Name: "everything", Faults: simaws.FaultConfig{ErrorRate: 0.03, ThrottleRate: 0.05, StaleReadRate: 0.1}, SlowBoot: true},
}

// Case is what a seed draws.
type Case struct {
	Seed     uint64
	Scenario string
	Mix      Mix
}

// Draw picks the scenario and fault mix for a seed.
func Draw(seed uint64) Case {
	rng := rand.New(rand.NewPCG(seed, 0xca5e))
	return Case{Seed: seed, Scenario: Scenarios[seed%uint64(len(Scenarios))], Mix: Mixes[rng.IntN(len(Mixes))]}
}

// Outcome is one simulated run.
type Outcome struct {
	Case       Case
	Acts       []ActResult
	Violations []string
	Passes     int
	Simulated  time.Duration
}

// Run plays one seed: bootstrap (unless the scenario is the first deploy),
// then the scenario under its fault mix. decide nil means reconcile.Decide.
func Run(ctx context.Context, c Case, decide Decider, log *slog.Logger) (Outcome, error) {
	rng := rand.New(rand.NewPCG(c.Seed, 0xac75))
	p := profileFor(c)
	w, err := NewWorld(c.Seed, p)
	if err != nil {
		return Outcome{}, err
	}
	if decide == nil {
		decide = reconcile.Decide
	}
	d := &Driver{W: w, Decide: decide, Logger: log}
	d.AddReplica(0, 0)
	if c.Scenario == ScRacing {
		d.AddReplica(0, 0)
	}
	out := Outcome{Case: c}
	acts := []Act{FirstDeploy()}
	if c.Scenario != ScFirstDeploy {
		out.Acts = append(out.Acts, d.PlayAct(ctx, acts[0]))
		acts = scenarioActs(c, rng)
		applyMix(w, c.Mix, d, c.Scenario, rng)
	} else {
		applyMix(w, c.Mix, d, c.Scenario, rng)
	}
	for _, a := range acts {
		if len(d.Violations) > 0 {
			break
		}
		a.MayRevert = a.MayRevert || c.Mix.Flapping
		out.Acts = append(out.Acts, d.PlayAct(ctx, a))
	}
	out.Violations, out.Passes, out.Simulated = d.Violations, d.Passes, w.Clock.Now().Sub(Epoch)
	return out, nil
}

func profileFor(c Case) Profile {
	p := DefaultProfile()
	switch c.Scenario {
	case ScManualGates:
		p.Steps = []api.Step{{Weight: 10, Pause: api.PauseManual}, {Weight: 50, Pause: api.PauseManual}, {Weight: 100}}
	case ScAlarm, ScMissingAlarm:
		p.Alarms = []string{"web-5xx"}
	case ScFailedRepair:
		p.Steps = []api.Step{{Weight: 10, Pause: api.PauseManual}, {Weight: 100}}
	}
	if c.Mix.AWSChecks {
		p.HealthCheck = simaws.DefaultHealthCheck()
		p.Dereg = 300 * time.Second
	}
	return p
}

// scenarioActs are the acts a scenario plays after the bootstrap.
func scenarioActs(c Case, rng *rand.Rand) []Act {
	switch c.Scenario {
	case ScMissingAlarm:
		return []Act{MissingAlarm(rng.IntN(4)-1, c.Mix.Flapping)}
	case ScFailedRepair:
		return []Act{FailedRepair(), RepairFailed(), RepairAgain(), PromoteApproved(ScFailedRepair+"_then_promote", AMIs[2])}
	case ScScalingChange:
		return []Act{ScalingSpecChange(), Promote(ScScalingChange + "_then_promote")}
	case ScTemplateRefresh:
		return TemplateRefresh()
	}
	return []Act{scenarioAct(c.Scenario, rng)}
}

func scenarioAct(name string, rng *rand.Rand) Act {
	switch name {
	case ScManualGates:
		return ManualGates([]time.Duration{time.Duration(rng.IntN(600)) * time.Second, time.Duration(rng.IntN(600)) * time.Second})
	case ScUnhealthyGreen:
		return UnhealthyGreen()
	case ScAlarm:
		return Alarm(1 + rng.IntN(2))
	case ScAbort:
		phases := []api.Phase{api.PhaseLaunching, api.PhaseWaitingHealthy, api.PhaseShifting, api.PhasePaused, api.PhasePromoted}
		p := phases[rng.IntN(len(phases))]
		k := 0
		if p == api.PhasePaused || p == api.PhaseShifting {
			k = 1 + rng.IntN(2)
		}
		return Abort(p, k)
	case ScRollback:
		return Rollback()
	case ScSupersede:
		return Supersede()
	default:
		return Promote(name)
	}
}

// applyMix turns on the seed's faults once the service is live, and for the
// crash scenario arms a crash at a random pass and action.
func applyMix(w *World, m Mix, d *Driver, scenario string, rng *rand.Rand) {
	w.SetFaults(m.Faults)
	if m.SlowBoot {
		for _, ami := range AMIs[1:] {
			w.Cloud.BreakAMI(ami, simaws.AppSlowStart)
		}
	}
	if m.Flapping {
		w.Cloud.BreakAMI(AMIs[1], simaws.AppFlapping)
	}
	if scenario == ScCrash || scenario == ScRacing {
		r := d.replicas[0]
		r.crashAt, r.crashI = r.passes+1+rng.IntN(40), rng.IntN(4)-1
	}
}

// ReplayCommand is how to rerun one seed.
func ReplayCommand(seed uint64) string {
	return fmt.Sprintf("SIM_SEED=%d go test -count=1 -v -run 'TestSimulation$' ./controller/internal/sim/", seed)
}
