// Package observe owns the read side of the controller: it builds one
// service's normalised, sorted reconcile.Observed snapshot from AWS (Auto
// Scaling groups, listener or rule weights, target health, alarm states,
// launch template versions) and the store (rollout record, history seq),
// fetching only what reconcile.NeedsFor asks for. It never writes.
//
// ReadForward and ReadWeights are exported so the executor reads weights
// exactly the way the observer does.
//
// It may import controller/api, controller/consulkv, controller/internal/awsapi,
// controller/internal/reconcile, the aws-sdk-go-v2 service types and the
// standard library. It does not log: errors are returned wrapped.
package observe
