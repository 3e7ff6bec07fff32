// Package bench measures the controller against the targets in BENCHMARKS.md
// (issue 7, benchmarks 1–3): rollout overhead over the AWS-bound floor, AWS
// calls per rollout, per idle service and per throttling bucket for 1,000
// services under one controller, and the controller's footprint at 1,000
// services. Every number is measured by running the real loop (observe,
// reconcile.Decide, execute) against the simulated cloud (simaws) and the
// in-memory store on a virtual clock; nothing is hard-coded.
//
// The measurements are test functions gated by ASGCTL_BENCH=1, so a plain
// `go test ./...` skips them at once. Reproduce with:
//
//	ASGCTL_BENCH=1 go test -count=1 -run TestBench -v ./controller/internal/bench/
//
// Each prints one Markdown table (plus notes) to stdout.
//
// It may import the controller's packages, simaws, the memory store, the
// clock and the standard library; it performs no I/O beyond what its
// callers hand it.
package bench
