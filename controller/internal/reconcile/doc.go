// Package reconcile is the pure heart of the controller: Decide turns an
// observed snapshot of one service, its desired state and the current time
// into a Plan (phase, reason, ordered actions with preconditions, when to look
// again). It performs no I/O, never reads the wall clock, draws no random
// numbers and makes no UUIDs: the same inputs give a byte-identical plan.
//
// It may import only the standard library (no I/O packages; a test checks),
// controller/api and the pure controller/internal/scaling.
package reconcile
