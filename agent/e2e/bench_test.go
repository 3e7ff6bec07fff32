package e2e_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/asgctl/asgctl/internal/benchstat"
)

// benchInPlaceReproduce is the command that reruns TestBenchInPlaceDeploy.
const benchInPlaceReproduce = "ASGCTL_BENCH=1 CI=true go test -count=1 -v -run TestBenchInPlaceDeploy ./agent/e2e/"

// inPlaceCase is one configuration of the in-place deploy benchmark.
type inPlaceCase struct {
	startDelay time.Duration // the app's own start time (testapp --start-delay)
	interval   string        // health.interval
	successes  int           // health.successes
}

// inPlaceRun is one timed release.
type inPlaceRun struct {
	total   time.Duration // `asgctl release` started → every process serving it
	written time.Duration // `asgctl release` exited (key written) → every process serving it
	pickup  time.Duration // `asgctl release` exited → first step of process 0 saved
	cli     time.Duration // `asgctl release` run time
	sent    int64
	failed  int64
}

// TestBenchInPlaceDeploy (benchmark 4 of BENCHMARKS.md) times in-place deploys of
// 4 processes by the real agent (builtin rotation, exec supervisor, moto
// S3, Consul dev agent) under the e2e load of 300 req/s. Each run uploads
// a new artifact (untimed), then times from the start of
// `asgctl release web ...` (no --wait: it writes deploys/web and exits)
// until the agent's state file shows all 4 processes serving the new
// release, polled every 2 ms. Agent overhead per process is
// (total − 4 × app start delay) / 4. The only assertion is zero failed
// requests.
func TestBenchInPlaceDeploy(t *testing.T) {
	if os.Getenv("ASGCTL_BENCH") != "1" {
		t.Skip("benchmark: set ASGCTL_BENCH=1 to run it")
	}
	runs := 5
	if v := os.Getenv("ASGCTL_BENCH_RUNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			t.Fatalf("ASGCTL_BENCH_RUNS=%q: want 1-50", v)
		}
		runs = n
	}
	cases := []inPlaceCase{
		{300 * time.Millisecond, "100ms", 3},
		{0, "100ms", 3},
		{300 * time.Millisecond, "50ms", 2},
		{0, "50ms", 2},
		{300 * time.Millisecond, "500ms", 3}, // the example config of docs/agent-config.md
	}
	tbl := benchstat.Table{Header: []string{"app start delay", "health", "runs",
		"total p50 (min–max)", "write→all serving p50", "write→first step p50", "`asgctl release` p50",
		"agent overhead / process p50 (min–max)", "failed / sent"}}
	for _, c := range cases {
		// The name becomes part of an S3 bucket name (see newBox).
		name := fmt.Sprintf("d%d-h%sx%d", c.startDelay.Milliseconds(), c.interval, c.successes)
		var got []inPlaceRun
		t.Run(name, func(t *testing.T) { got = benchInPlace(t, c, runs) })
		if len(got) == 0 {
			continue
		}
		pick := func(f func(inPlaceRun) time.Duration) benchstat.Summary {
			var ds []time.Duration
			for _, r := range got {
				ds = append(ds, f(r))
			}
			return benchstat.Summarize(ds)
		}
		total := pick(func(r inPlaceRun) time.Duration { return r.total })
		over := pick(func(r inPlaceRun) time.Duration { return (r.total - nProcs*c.startDelay) / nProcs })
		var sent, failed int64
		for _, r := range got {
			sent, failed = sent+r.sent, failed+r.failed
		}
		tbl.Add(c.startDelay.String(), fmt.Sprintf("%s × %d", c.interval, c.successes), strconv.Itoa(len(got)),
			fmt.Sprintf("%s (%s–%s)", benchstat.Ms(total.P50), benchstat.Ms(total.Min), benchstat.Ms(total.Max)),
			benchstat.Ms(pick(func(r inPlaceRun) time.Duration { return r.written }).P50),
			benchstat.Ms(pick(func(r inPlaceRun) time.Duration { return r.pickup }).P50),
			benchstat.Ms(pick(func(r inPlaceRun) time.Duration { return r.cli }).P50),
			fmt.Sprintf("%s (%s–%s)", benchstat.Ms(over.P50), benchstat.Ms(over.Min), benchstat.Ms(over.Max)),
			fmt.Sprintf("%d / %d", failed, sent))
	}
	fmt.Printf("\n### In-place deploy: %d processes, builtin rotation, %d req/s open-loop load, target ≤ 100 ms agent overhead per process\n\n"+
		"total = start of `asgctl release` (no --wait) → agent state file shows all %d processes serving the new release (polled every 2 ms); "+
		"overhead / process = (total − %d × start delay) / %d.\n\n%s\nReproduce: `%s`\n\n",
		nProcs, loadRate, nProcs, nProcs, nProcs, tbl, benchInPlaceReproduce)
}

// benchInPlace deploys r1 on a fresh box with c's health settings, then
// times runs releases of an app with c's start delay, each under load.
func benchInPlace(t *testing.T, c inPlaceCase, runs int) []inPlaceRun {
	b := newBox(t, consul.Agent(t).Addr, nil)
	b.cfg["health"] = map[string]any{"path": "/ping", "interval": c.interval, "successes": c.successes, "timeout": "5s"}
	b.startAgent()
	b.deployFirst()
	var out []inPlaceRun
	for i := range runs {
		id := fmt.Sprintf("b%d", i+2)
		artifact, sum := b.upload(id, tarGz(goodApp(c.startDelay.String())))
		var r inPlaceRun
		load := underLoad(t, b.url(), func() { r = b.timedRelease(id, artifact, sum) })
		requireNoFailures(t, load)
		r.sent, r.failed = load.Sent.Load(), load.Failed.Load()
		t.Logf("run %d: total %s, written→serving %s, written→first step %s, cli %s", i+1, r.total, r.written, r.pickup, r.cli)
		out = append(out, r)
	}
	return out
}

// timedRelease writes release id with `asgctl release` (no --wait) and
// polls the state file until every process serves it.
func (b *box) timedRelease(id, artifact, sum string) inPlaceRun {
	b.t.Helper()
	start := time.Now()
	res := b.asgctl("release", service, "--artifact", artifact, "--sha256", sum, "--id", id)
	written := time.Now()
	if res.code != 0 {
		b.t.Fatalf("asgctl release %s: exit %d: %s%s", id, res.code, res.stdout, res.stderr)
	}
	var first time.Time
	deadline := written.Add(60 * time.Second)
	for {
		now := time.Now()
		st := b.state()
		if first.IsZero() && st.Journal != nil {
			first = now
		}
		if allServing(st, id) {
			if first.IsZero() {
				first = now
			}
			return inPlaceRun{total: now.Sub(start), written: now.Sub(written), pickup: first.Sub(written), cli: written.Sub(start)}
		}
		if now.After(deadline) {
			b.t.Fatalf("release %s: not serving on every process 60 s after it was written; state %+v", id, st)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func allServing(st agentState, id string) bool {
	if len(st.Procs) != nProcs || st.Journal != nil {
		return false
	}
	for _, p := range st.Procs {
		if p.Release != id || p.State != "serving" || p.PID == 0 {
			return false
		}
	}
	return true
}
