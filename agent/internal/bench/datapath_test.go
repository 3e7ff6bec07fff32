package bench_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/bench"
	"github.com/asgctl/asgctl/agent/internal/proxytest"
	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
	"github.com/asgctl/asgctl/integration/syncbuf"
	"github.com/asgctl/asgctl/internal/benchstat"
)

const (
	nProcs = 4
	// Defaults of the load; ASGCTL_BENCH_CLIENTS and ASGCTL_BENCH_SECONDS
	// override them.
	defaultClients = 64
	defaultSeconds = 5
	warmup         = time.Second
	reproduce      = "ASGCTL_BENCH=1 CI=true go test -count=1 -v -run TestBenchRotationDataPath ./agent/internal/bench/"
)

// requireBench skips tb unless ASGCTL_BENCH=1, before doing anything else.
func requireBench(tb testing.TB) {
	tb.Helper()
	if os.Getenv("ASGCTL_BENCH") != "1" {
		tb.Skip("benchmark: set ASGCTL_BENCH=1 to run it")
	}
}

func envInt(tb testing.TB, name string, def int) int {
	tb.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		tb.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// target is one data path under test.
type target struct {
	name, url string
}

// TestBenchRotationDataPath puts the same 4 test-app processes behind a
// direct client-side round-robin (the floor, no proxy), the builtin proxy,
// HAProxy and nginx (the proxytest configuration: one worker; and the same
// with worker_processes auto), drives each with the same closed-loop load
// and prints requests per second and p50/p99 latency with ratios to
// HAProxy. The only assertion is that no request failed.
func TestBenchRotationDataPath(t *testing.T) {
	requireBench(t)
	proxytest.RequireBinary(t, "haproxy")
	proxytest.RequireBinary(t, "nginx")
	clients := envInt(t, "ASGCTL_BENCH_CLIENTS", defaultClients)
	dur := time.Duration(envInt(t, "ASGCTL_BENCH_SECONDS", defaultSeconds)) * time.Second
	backends := startApps(t)

	builtin, err := rotate.NewBuiltin("127.0.0.1:0", backends, 10*time.Second, 5*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = builtin.Close() })
	haproxyURL, _ := proxytest.StartHAProxy(t, backends, 10*time.Second)
	targets := []target{
		{"builtin (rotate.NewBuiltin)", "http://" + builtin.Addr() + "/"},
		{"HAProxy (proxytest config)", haproxyURL},
		{"nginx (proxytest config, 1 worker)", proxytest.StartNginx(t, backends, 10*time.Second, false).URL},
		{"nginx (worker_processes auto)", proxytest.StartNginx(t, backends, 10*time.Second, true).URL},
	}
	results := map[string]bench.LoadResult{}
	// The floor: every client talks to one backend directly.
	results["direct"] = runLoad(t, "direct to the 4 processes (no proxy)", directURLs(backends), clients, dur)
	for _, tg := range targets {
		results[tg.name] = runLoad(t, tg.name, []string{tg.url}, clients, dur)
	}

	base := results[targets[1].name]
	baseSum := benchstat.Summarize(base.Latencies)
	tbl := benchstat.Table{Header: []string{"data path", "req/s", "p50", "p99", "req/s ÷ HAProxy", "p50 ÷ HAProxy", "p99 ÷ HAProxy", "failed / sent"}}
	row := func(name string, r bench.LoadResult) {
		s := benchstat.Summarize(r.Latencies)
		tbl.Add(name, fmt.Sprintf("%.0f", r.RPS()), benchstat.Ms(s.P50), benchstat.Ms(s.P99),
			ratio(r.RPS(), base.RPS()), ratio(float64(s.P50), float64(baseSum.P50)), ratio(float64(s.P99), float64(baseSum.P99)),
			fmt.Sprintf("%d / %d", r.Failed, r.Sent))
	}
	row("direct to the 4 processes (no proxy; floor)", results["direct"])
	for _, tg := range targets {
		row(tg.name, results[tg.name])
	}
	fmt.Printf("\n### Rotation data path: %d test-app processes, %d keep-alive clients, closed loop, %s per path (after %s warm-up), GOMAXPROCS %d\n\n%s\nReproduce: `%s`\n\n",
		nProcs, clients, dur, warmup, runtimeProcs(), tbl, reproduce)
	for name, r := range results {
		if r.Failed != 0 {
			t.Errorf("%s: %d of %d requests failed; first: %v", name, r.Failed, r.Sent, r.FirstErrors)
		}
	}
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// runLoad warms up, then runs the measured closed loop. With several
// URLs, client i uses urls[i%len(urls)].
func runLoad(t *testing.T, name string, urls []string, clients int, dur time.Duration) bench.LoadResult {
	t.Helper()
	run := func(d time.Duration) bench.LoadResult {
		parts := make([]bench.LoadResult, len(urls))
		done := make(chan struct{})
		for i, u := range urls {
			n := clients / len(urls)
			if i < clients%len(urls) {
				n++
			}
			go func() {
				defer func() { done <- struct{}{} }()
				r, err := bench.ClosedLoop{URL: u, BodyPrefix: "release=", Clients: n, Duration: d}.Run(context.Background())
				if err != nil {
					t.Error(err)
				}
				parts[i] = r
			}()
		}
		for range urls {
			<-done
		}
		var all bench.LoadResult
		for _, p := range parts {
			all.Sent += p.Sent
			all.Failed += p.Failed
			all.Elapsed = max(all.Elapsed, p.Elapsed)
			all.Latencies = append(all.Latencies, p.Latencies...)
			all.FirstErrors = append(all.FirstErrors, p.FirstErrors...)
		}
		return all
	}
	if w := run(warmup); w.Failed != 0 {
		t.Errorf("%s warm-up: %d of %d requests failed; first: %v", name, w.Failed, w.Sent, w.FirstErrors)
	}
	r := run(dur)
	s := benchstat.Summarize(r.Latencies)
	t.Logf("%s: %d requests in %s = %.0f req/s, p50 %s p99 %s max %s, %d failed", name, r.Sent,
		r.Elapsed.Round(time.Millisecond), r.RPS(), benchstat.Ms(s.P50), benchstat.Ms(s.P99), benchstat.Ms(s.Max), r.Failed)
	return r
}

func directURLs(backends map[int]string) []string {
	var urls []string
	for i := range len(backends) {
		urls = append(urls, "http://"+backends[i]+"/")
	}
	return urls
}

// startApps runs nProcs test-app processes (no start delay, no latency)
// on free ports and returns index → address once each answers /ping.
func startApps(t *testing.T) map[int]string {
	t.Helper()
	bin, err := testappbin.Path()
	if err != nil {
		t.Fatal(err)
	}
	backends := map[int]string{}
	for i := range nProcs {
		port, err := testappbin.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--release", "r1", "--shutdown-timeout", "2s")
		out := &syncbuf.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		t.Cleanup(func() {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-done
			}
		})
		backends[i] = fmt.Sprintf("127.0.0.1:%d", port)
		proxytest.WaitUntil(t, "test app "+backends[i], done, out, func() bool {
			return proxytest.Answers("http://" + backends[i] + "/ping")
		})
	}
	return backends
}
