package sim

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// seedsFromEnv: SIM_SEED=N replays one seed; SIM_SEEDS=N runs seeds 1..N
// (default 60 so `go test ./...` stays quick; `make test-sim` runs 500).
func seedsFromEnv(t *testing.T) []uint64 {
	if s := os.Getenv("SIM_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("SIM_SEED=%q: %v", s, err)
		}
		return []uint64{n}
	}
	count := 60
	if s := os.Getenv("SIM_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("SIM_SEEDS=%q must be a positive number", s)
		}
		count = n
	}
	seeds := make([]uint64, count)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	return seeds
}

func TestSimulation(t *testing.T) {
	seeds := seedsFromEnv(t)
	start := time.Now()
	failures := runSeeds(t, seeds, nil)
	for i, f := range failures {
		if i == 10 {
			t.Errorf("... and %d more failing seeds", len(failures)-10)
			break
		}
		t.Errorf("%s\n  replay: %s", f, ReplayCommand(f.seed))
	}
	t.Logf("%d seeds, %d failed, %s wall", len(seeds), len(failures), time.Since(start).Round(time.Millisecond))
}

type failure struct {
	seed uint64
	text string
}

func (f failure) String() string { return f.text }

// runSeeds plays seeds on a bounded worker pool and returns the failures in
// seed order.
func runSeeds(t *testing.T, seeds []uint64, decide Decider) []failure {
	t.Helper()
	verbose := len(seeds) == 1
	results := make([]*failure, len(seeds))
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = runOne(t, seeds[i], decide, verbose)
			}
		}()
	}
	for i := range seeds {
		work <- i
	}
	close(work)
	wg.Wait()
	var out []failure
	for _, f := range results {
		if f != nil {
			out = append(out, *f)
		}
	}
	return out
}

func runOne(t *testing.T, seed uint64, decide Decider, verbose bool) *failure {
	c := Draw(seed)
	log := slog.New(slog.DiscardHandler)
	if verbose {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	out, err := Run(context.Background(), c, decide, log)
	if verbose {
		for _, a := range out.Acts {
			t.Logf("act %s: %s (expected %s) %s in %s simulated, %d AWS calls, %d passes, rollouts %v",
				a.Name, a.Result, a.Expected, a.Reason, a.Simulated, a.AWSCalls, a.Passes, a.Rollouts)
		}
	}
	if err == nil && len(out.Violations) == 0 {
		return nil
	}
	text := fmt.Sprintf("seed %d (scenario %s, faults %s): %v", seed, c.Scenario, c.Mix.Name, err)
	if err == nil {
		text = fmt.Sprintf("seed %d (scenario %s, faults %s):\n    %s", seed, c.Scenario, c.Mix.Name, strings.Join(out.Violations, "\n    "))
	}
	return &failure{seed: seed, text: text}
}

// skipHealthRecheck is a known-bad decider: it trusts that green is healthy
// instead of reading its target health, so it shifts weight onto a group
// that cannot serve.
func skipHealthRecheck(o reconcile.Observed, d reconcile.Desired, now time.Time) reconcile.Plan {
	if r := o.Rollout; r != nil && !r.Phase.Terminal() {
		h := map[string]reconcile.TargetHealth{}
		for tg, v := range o.Health {
			h[tg] = v
		}
		h[r.ToTargetGroup] = reconcile.TargetHealth{Healthy: r.Capacity.Desired}
		o.Health = h
		groups := append([]reconcile.Group(nil), o.Groups...)
		for i := range groups {
			if groups[i].Name == r.ToGroup {
				groups[i].InService = groups[i].Capacity.Desired
			}
		}
		o.Groups = groups
	}
	return reconcile.Decide(o, d, now)
}

// neverDelete is a known-bad decider that forgets to delete old groups.
func neverDelete(o reconcile.Observed, d reconcile.Desired, now time.Time) reconcile.Plan {
	p := reconcile.Decide(o, d, now)
	kept := p.Actions[:0:0]
	for _, a := range p.Actions {
		if a.Kind != reconcile.ActDeleteGroup {
			kept = append(kept, a)
		}
	}
	p.Actions = kept
	return p
}

// hiddenState is a known-bad decider whose plans depend on something other
// than its inputs (a call counter), which invariant 7 forbids.
func hiddenState() Decider {
	var mu sync.Mutex
	calls := 0
	return func(o reconcile.Observed, d reconcile.Desired, now time.Time) reconcile.Plan {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		p := reconcile.Decide(o, d, now)
		p.Reason = fmt.Sprintf("%s (call %d)", p.Reason, n)
		return p
	}
}

func TestSimulationCatchesBadDeciders(t *testing.T) {
	cases := []struct {
		name     string
		decide   Decider
		scenario string
		want     string
	}{
		{"skip health re-check", skipHealthRecheck, ScUnhealthyGreen, "invariant 1"},
		{"never delete old groups", neverDelete, ScUnhealthyGreen, "revert did not finish"},
		{"plans depend on hidden state", hiddenState(), ScPromote, "invariant 7"},
		{"missing alarms taken for OK", assumeAlarmsExist, ScMissingAlarm, "invariant 9"},
		{"spec's scaling never reaches the idle live group", skipIdleScaling, ScScalingChange, "invariant 8"},
		{"a repeated repair rewrites the record", repairsAgain, ScFailedRepair, "a repeated repair changed the record"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var seeds []uint64
			for s := uint64(1); len(seeds) < 4; s++ {
				if c := Draw(s); c.Scenario == tc.scenario && !c.Mix.Flapping {
					seeds = append(seeds, s)
				}
			}
			if control := runSeeds(t, seeds, nil); len(control) > 0 {
				t.Fatalf("the seeds fail with the real decider too, so they prove nothing about the broken one:\n%s", control[0])
			}
			failures := runSeeds(t, seeds, tc.decide)
			if len(failures) != len(seeds) {
				t.Fatalf("the suite passed %d of %d seeds with a broken decider", len(seeds)-len(failures), len(seeds))
			}
			for _, f := range failures {
				if !strings.Contains(f.text, tc.want) {
					t.Errorf("seed %d failed without mentioning %q:\n%s", f.seed, tc.want, f.text)
				}
			}
		})
	}
}
