// Package fleetsim owns the seeded simulation of in-place fleet releases
// and its invariants. Many agents share one in-memory Consul
// (consulkv.Memory); each is the real coord.Coordinator fed by the real
// watch.Run, reporting through the real report.Reporter and paced by the
// real consulkv.Semaphore, in front of a simulated box whose fetch and
// roll take simulated time and which keeps what it serves across agent
// crashes, as a disk would. A release writer plays the CLI
// (fleet.Successor, check-and-set) and a guard plays the controller
// (fleet.Guard, check-and-set). A seed draws the scenario, the fault mix,
// the fleet and every timing (case.go, plan*.go).
//
// The invariants, checked as each roll starts and once the fleet has
// settled (check_*.go; not settling within SettleBudget is a violation):
//
//  1. pacing: a box that serves something rolls only with a pacing slot;
//     the boxes in a paced roll, the new one included, are at most the
//     limit its slot was granted under, and that limit is fleet.Limit of
//     the record for the live agent reports;
//  2. a halted release reaches no other box: no paced roll of a record
//     starts from a read at or after the index its halt was written at;
//     no box serving nothing starts a halted release it knows is halted;
//     and a release halts after its first failure (no paced roll of it
//     starts under limit 1 after one failed for good);
//  3. every live box ends on the final record's target, or, only where
//     that target is out of its reach, on what endProblem allows;
//  4. a box that boots serving nothing while the release is halted with a
//     last good release brings up that release and serves it.
//
// Run must be called inside a testing/synctest bubble: time is the
// bubble's virtual time, read through clock.Real. Goroutine interleavings
// within one instant of virtual time are the Go scheduler's, so a replay
// of a seed repeats the scenario, the faults and the timings, but not
// necessarily the exact interleaving (nor the semaphore's retry jitter);
// each actor's Consul faults are drawn from streams of their own (see
// faults), so an interleaving changes which call meets a fault only
// within one actor.
//
// It may import controller/api, controller/clock, controller/consulkv,
// controller/fleet and the agent's coord, report and watch packages; it
// does no I/O of its own.
package fleetsim
