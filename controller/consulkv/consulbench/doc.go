// Package consulbench measures Consul fan-out (benchmark 6 of BENCHMARKS.md): many
// watchers of one deploys/<svc> key, each a consulkv.WatchKey loop on its
// own client exactly as asgctl-agent runs it, and the latency from a write
// of the key to each watcher seeing the new value.
//
// Fanout is the measurement; the benchmark is TestBenchConsulFanout, run
// against a real Consul dev agent only with ASGCTL_BENCH=1:
//
//	ASGCTL_BENCH=1 CI=true go test -count=1 -v -run TestBenchConsulFanout ./controller/consulkv/consulbench/
//
// It is used only by tests and benchmarks.
package consulbench
