package e2e_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/internal/benchstat"
)

// benchFleetReproduce is the command that reruns TestBenchFleetRelease.
const benchFleetReproduce = "ASGCTL_BENCH=1 CI=true go test -count=1 -v -run TestBenchFleetRelease ./agent/e2e/"

// Fleet benchmark shape: 8 agents of 4 processes, each process 300 ms to
// start, checked every 100 ms (3 passes, settle 3 intervals), the default
// pacing of 25 % (2 boxes at a time, 4 waves).
const (
	benchFleetBoxes = 8
	benchFleetRuns  = 3
)

// boxRoll is when one box was first seen deploying and then ready.
type boxRoll struct{ deploying, ready time.Time }

// fleetRun is one timed release over the fleet.
type fleetRun struct {
	total      time.Duration // `asgctl release --wait` start → exit (every box ready)
	rolls      []time.Duration
	limit      int
	sent, fail int64
}

// TestBenchFleetRelease times an in-place release over 8 real agents at
// the default 25 % in flight, under 50 req/s per box, from the start of
// `asgctl release --wait` to its exit with every box ready. The reports
// are sampled every 10 ms to find each box's roll (first seen deploying →
// first seen ready on the new release). The ideal is the boxes' rolls
// laid end to end, limit at a time (sum of rolls / limit); the pacing
// overhead per wave is what the total adds to it, per wave.
func TestBenchFleetRelease(t *testing.T) {
	if os.Getenv("ASGCTL_BENCH") != "1" {
		t.Skip("benchmark: set ASGCTL_BENCH=1 to run it")
	}
	f := readyFleet(t, benchFleetBoxes, "b0")
	var runs []fleetRun
	for n := 1; n <= benchFleetRuns; n++ {
		runs = append(runs, benchFleetOnce(t, f, "b"+strconv.Itoa(n)))
	}
	printFleetBench(runs)
}

// benchFleetOnce times one release of id over f.
func benchFleetOnce(t *testing.T, f *fleet, id string) fleetRun {
	t.Helper()
	artifact, sum := f.cli().upload(id, tarGz(goodApp(appStartDelay)))
	stop := f.watchRolls(id)
	var res cliResult
	load := f.fleetLoad(func() {
		res = f.cli().asgctl("release", service, "--artifact", artifact, "--sha256", sum, "--id", id, "--wait", "--timeout", "300s")
	})
	got := stop()
	if res.code != 0 {
		t.Fatalf("release %s: exit %d\n%s%s", id, res.code, res.stdout, res.stderr)
	}
	run := fleetRun{total: res.took, limit: api.MaxInFlight{Percent: 25}.Limit(benchFleetBoxes)}
	for _, r := range got {
		if !r.deploying.IsZero() && r.ready.After(r.deploying) {
			run.rolls = append(run.rolls, r.ready.Sub(r.deploying))
		}
	}
	for _, l := range load {
		run.sent, run.fail = run.sent+l.Sent.Load(), run.fail+l.Failed.Load()
	}
	if len(run.rolls) != benchFleetBoxes {
		t.Fatalf("release %s: saw %d of %d boxes roll: %+v", id, len(run.rolls), benchFleetBoxes, got)
	}
	t.Logf("release %s: %s, rolls %v", id, run.total, run.rolls)
	return run
}

// watchRolls samples the reports every 10 ms until the returned stop is
// called, and gives each box's roll to release id.
func (f *fleet) watchRolls(id string) func() map[string]*boxRoll {
	rolls := map[string]*boxRoll{}
	var mu sync.Mutex
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			entries, _, err := f.kv.List(context.Background(), api.KeyAgentsPrefix(service), nil)
			if err != nil {
				continue
			}
			live, _ := consulkv.LiveAgentReports(entries)
			now := time.Now()
			mu.Lock()
			for _, r := range live {
				b := rolls[r.InstanceID]
				if b == nil {
					b = &boxRoll{}
					rolls[r.InstanceID] = b
				}
				switch {
				case r.State == api.AgentDeploying && b.deploying.IsZero():
					b.deploying = now
				case r.State == api.AgentReady && r.Release == id && b.ready.IsZero() && !b.deploying.IsZero():
					b.ready = now
				}
			}
			mu.Unlock()
		}
	}()
	return func() map[string]*boxRoll {
		close(done)
		<-stopped
		return rolls
	}
}

// printFleetBench prints the benchmark's table.
func printFleetBench(runs []fleetRun) {
	var totals, rolls, ideals, perWave []time.Duration
	var sent, failed int64
	limit := runs[0].limit
	waves := (benchFleetBoxes + limit - 1) / limit
	for _, r := range runs {
		var sum time.Duration
		for _, d := range r.rolls {
			sum += d
			rolls = append(rolls, d)
		}
		ideal := sum / time.Duration(limit)
		totals, ideals = append(totals, r.total), append(ideals, ideal)
		perWave = append(perWave, (r.total-ideal)/time.Duration(waves))
		sent, failed = sent+r.sent, failed+r.fail
	}
	tot, roll, ideal, wave := benchstat.Summarize(totals), benchstat.Summarize(rolls), benchstat.Summarize(ideals), benchstat.Summarize(perWave)
	tbl := benchstat.Table{Header: []string{"boxes × processes", "in flight", "runs", "release → all ready p50 (min–max)",
		"one box's roll p50 (min–max)", "rolls end to end p50", "total / ideal", "pacing overhead per wave p50", "failed / sent"}}
	tbl.Add(fmt.Sprintf("%d × %d", benchFleetBoxes, nProcs), fmt.Sprintf("25%% = %d (%d waves)", limit, waves), strconv.Itoa(len(runs)),
		fmt.Sprintf("%s (%s–%s)", benchstat.Ms(tot.P50), benchstat.Ms(tot.Min), benchstat.Ms(tot.Max)),
		fmt.Sprintf("%s (%s–%s)", benchstat.Ms(roll.P50), benchstat.Ms(roll.Min), benchstat.Ms(roll.Max)),
		benchstat.Ms(ideal.P50), fmt.Sprintf("%.2f", float64(tot.P50)/float64(ideal.P50)), benchstat.Ms(wave.P50),
		fmt.Sprintf("%d / %d", failed, sent))
	fmt.Printf("\n### Fleet in-place release: %d boxes × %d processes (300 ms start, 100 ms × 3 checks, 300 ms settle), %d req/s per box\n\n"+
		"release → all ready = `asgctl release --wait` run time; a box's roll = first report seen deploying → first seen ready on the release "+
		"(sampled every 10 ms); rolls end to end = sum of the rolls / in flight; target: total within 1.2× of it, and the reference "+
		"system's 35 s for a whole service.\n\n%s\nReproduce: `%s`\n\n",
		benchFleetBoxes, nProcs, fleetLoadRate, tbl, benchFleetReproduce)
}
