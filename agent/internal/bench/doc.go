// Package bench measures the agent's rotation data path (BENCHMARKS.md,
// benchmark 5): the same test-app processes behind the builtin proxy,
// HAProxy and nginx, driven by one closed-loop load generator (N
// keep-alive clients, each sending its next request when the previous
// answer is in, for a fixed time), reported as requests per second and
// p50/p99 latency, with ratios to HAProxy, in a Markdown table.
//
// The load generator and the statistics are ordinary code so the e2e
// benchmarks can reuse them; the benchmark itself is a test,
// TestBenchRotationDataPath, that runs only with ASGCTL_BENCH=1:
//
//	ASGCTL_BENCH=1 CI=true go test -count=1 -v -run TestBenchRotationDataPath ./agent/internal/bench/
//
// It is used only by tests and benchmarks.
package bench
