// Package cli is the asgctl command line: global flags, one file per verb,
// exit codes from docs/exit-codes.md (0 done or accepted, 1 reverted or failed,
// 2 invalid input, 3 timed out while still in progress, 4 conflict).
//
// Each request verb (promote, promote --expect-step, abort, rollback) is a
// pure decision over the service's state (*_decide.go: desired request,
// rollout record, history) followed by a check-and-set write of the desired
// request, deciding again when another writer got there first, so repeated
// and concurrent callers converge on one request. --wait follows the result
// (follow*.go): by the store's blocking queries, or, with --inline, by the
// passes of a reconcile loop run in this process under the service lock.
// Everything outside the process comes through Deps, so tests run the verbs
// on the in-memory store and the simulated cloud in synctest bubbles.
//
// It may import the controller's packages, urfave/cli/v2 and the standard
// library.
package cli
