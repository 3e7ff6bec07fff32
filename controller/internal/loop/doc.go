// Package loop owns one service's level-triggered reconcile loop: under the
// service's lock it reads the spec and the desired request, observes AWS and
// the store (observe), decides (reconcile.Decide) and applies the plan
// (execute), then waits for the plan's RequeueAfter, a wake signal or, after
// a failed pass, an exponential backoff — all on an injected clock.Clock.
// It is the only place that logs: one debug line per pass, one info line per
// phase change, failures at warn or error with their class.
//
// It may import controller/api, controller/clock, controller/consulkv,
// controller/internal/awsapi, controller/internal/reconcile,
// controller/internal/observe, controller/internal/execute,
// github.com/cenkalti/backoff/v4 and the standard library.
package loop
