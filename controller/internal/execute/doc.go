// Package execute owns applying a reconcile.Plan: it performs the plan's
// actions in order against AWS and the store, each idempotently (re-applying
// a plan changes nothing) and guarded by the precondition the action carries
// (expected KV index, capacity or weights). It makes no decisions: a failed
// precondition stops the plan with ErrPrecondition (or consulkv.ErrConflict)
// and the next pass decides again from a fresh observation.
//
// It may import controller/api, controller/consulkv,
// controller/internal/awsapi, controller/internal/reconcile,
// controller/internal/observe (for the shared weight reader), the
// aws-sdk-go-v2 service types and the standard library.
package execute
