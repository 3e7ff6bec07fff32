// Package sandbox is `asgctl sandbox`: the rollout engine end to end on this
// machine with no AWS account — the real controller loop on the simulated
// cloud and the in-memory store, on a time-compressed clock. It plays a
// first deploy, a 10/50/100 blue/green promote and a promote whose green
// never gets healthy, prints a timeline and a summary, and reports whether
// every scenario ended as expected.
//
// It may import the controller's internal packages and the standard library.
package sandbox
