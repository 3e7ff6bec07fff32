// Package sim runs the real controller loop against the simulated cloud
// (simaws) and the in-memory store on a fake clock, as a deterministic
// discrete-event simulation: a seed fixes the scenario, the fault mix and
// every random draw, so any run replays exactly. After every successful pass
// it checks the safety invariants (package invariant) against the cloud's
// ground truth. The simulation suite (sim_test.go) and `asgctl sandbox` both
// drive it.
//
// It may import the controller's packages, simaws, the memory store, the
// clock and the AWS SDK's request types (to call simaws's API for what
// simaws's Truth does not show or its setup helpers cannot do); it
// performs no I/O of its own beyond what its callers hand it.
package sim
