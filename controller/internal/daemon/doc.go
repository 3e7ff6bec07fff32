// Package daemon owns the long-running controller (`asgctl controller`):
// it announces the replica with a session-held heartbeat key, discovers
// service specs with a blocking watch on the services folder, runs one
// loop.Loop per service (each acting only while it holds the service's
// Consul lock, so several replicas share the services and take over from
// one that dies), wakes a loop at once when its desired key changes, runs
// the release guard (fleet.Guard on every service's deploys/<svc>: a
// halted in-place release is rolled back, a complete one becomes the last
// good release; check-and-set makes one replica write), serves /healthz
// and Prometheus /metrics, and shuts down gracefully: passes under way
// finish, then every lock and the heartbeat are released.
//
// It may import controller/api, controller/clock, controller/consulkv,
// controller/fleet, controller/internal/awsapi, controller/internal/execute,
// controller/internal/loop, controller/internal/reconcile,
// controller/internal/releases and the standard library.
package daemon
