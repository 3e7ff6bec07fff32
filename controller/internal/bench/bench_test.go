package bench

import (
	"context"
	"fmt"
	"os"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// gate skips a benchmark unless ASGCTL_BENCH=1.
func gate(t *testing.T) {
	t.Helper()
	if os.Getenv("ASGCTL_BENCH") != "1" {
		t.Skip("set ASGCTL_BENCH=1 to run the benchmarks (see the package doc)")
	}
}

const benchSeed = 7

// TestBenchRolloutOverhead is benchmark 1, and prints benchmark 2a/2b's
// per-rollout and idle call table from the same runs.
func TestBenchRolloutOverhead(t *testing.T) {
	gate(t)
	ctx := context.Background()
	var rs []RolloutResult
	for _, s := range []ALBSettings{DefaultALB(), TunedALB()} {
		r, err := RunRollout(ctx, benchSeed, s, time.Hour)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		if len(r.Violations) > 0 {
			t.Errorf("%s: invariant violations: %v", s.Name, r.Violations)
		}
		if r.Phase != api.PhaseComplete || r.ToPromoted <= 0 || r.ToComplete < r.ToPromoted {
			t.Errorf("%s: rollout ended %s (promoted after %s, complete after %s)", s.Name, r.Phase, r.ToPromoted, r.ToComplete)
		}
		if r.ToHealthy < r.Floor.Healthy {
			t.Errorf("%s: green ready after %s, before the floor %s: the floor formula is wrong", s.Name, r.ToHealthy, r.Floor.Healthy)
		}
		if awsapi.TotalCalls(r.Calls) == 0 || awsapi.TotalCalls(r.IdleCalls) == 0 {
			t.Errorf("%s: no AWS calls counted", s.Name)
		}
		rs = append(rs, r)
	}
	fmt.Println(OverheadTable(rs).Markdown())
	fmt.Println(CallsTable(rs, time.Hour).Markdown())
}

// fleetSize is how many services benchmark 2c and 3 run (ASGCTL_BENCH_SERVICES
// overrides it, e.g. 100 for a quick run).
func fleetSize(t *testing.T) int {
	n := 1000
	if v := os.Getenv("ASGCTL_BENCH_SERVICES"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil || n < 11 {
			t.Fatalf("ASGCTL_BENCH_SERVICES=%q: want a number > 10", v)
		}
	}
	return n
}

// TestBenchFleetCalls is benchmark 2c: many services under one controller
// (loop.Run per service, in a synctest bubble so clock.Real is virtual),
// 10 of them promoted at once, with and without the client-side limiter.
func TestBenchFleetCalls(t *testing.T) {
	gate(t)
	n := fleetSize(t)
	var rs []FleetResult
	for _, limit := range []bool{false, true} {
		cfg := FleetConfig{Services: n, Rolling: 10, Desired: 2, Limit: limit, Window: time.Hour, Seed: benchSeed}
		wall := time.Now()
		synctest.Test(t, func(t *testing.T) {
			r, err := RunFleet(t.Context(), clock.Real{}, cfg)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		})
		if t.Failed() {
			return
		}
		r := rs[len(rs)-1]
		t.Logf("fleet of %d, limiter %v: %s wall", n, limit, time.Since(wall).Round(time.Millisecond))
		if awsapi.TotalCalls(r.Calls) == 0 {
			t.Errorf("no AWS calls in the window")
		}
		for i, d := range r.RolloutDur {
			if d <= 0 {
				t.Errorf("limiter %v: rollout of %s did not finish within %s", limit, svcName(i), cfg.Window)
			}
		}
	}
	fmt.Println(FleetTable(rs, 1000).Markdown())
}

// TestBenchFootprint is benchmark 3: memory and CPU per idle pass at
// 1,000 services under one controller.
func TestBenchFootprint(t *testing.T) {
	gate(t)
	n := fleetSize(t)
	var r FootprintResult
	synctest.Test(t, func(t *testing.T) {
		var err error
		if r, err = Footprint(t.Context(), clock.Real{}, n, 5, benchSeed); err != nil {
			t.Fatal(err)
		}
	})
	if t.Failed() {
		return
	}
	if r.Running.HeapInuse == 0 || r.ObserveDecide <= 0 {
		t.Errorf("nothing measured: %+v", r)
	}
	fmt.Println(FootprintTable(r).Markdown())
}

// TestBenchRollback is benchmark 8: a rollback after complete, in one
// step (the default), walking the steps, and with the retained group gone.
func TestBenchRollback(t *testing.T) {
	gate(t)
	ctx, s := context.Background(), TunedALB()
	var rs []RollbackResult
	for _, path := range []RollbackPath{RollbackOneStep, RollbackSteps, RollbackCold} {
		r, err := RunRollback(ctx, benchSeed, s, path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if r.Phase != api.PhaseComplete || len(r.Violations) > 0 || r.ToPromoted <= 0 {
			t.Errorf("%s: ended %s after %s, violations %v", path, r.Phase, r.ToPromoted, r.Violations)
		}
		if r.Reused != (path != RollbackCold) {
			t.Errorf("%s: reused %v", path, r.Reused)
		}
		rs = append(rs, r)
	}
	if rs[0].ToPromoted >= rs[1].ToPromoted {
		t.Errorf("one-step rollback took %s to 100 %%, not less than --steps (%s)", rs[0].ToPromoted, rs[1].ToPromoted)
	}
	fmt.Println(RollbackTable(s, rs).Markdown())
}
