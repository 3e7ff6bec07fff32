package reconcile

import "github.com/asgctl/asgctl/controller/api"

// The rules below say which rollout a request speaks to. The reconciler and
// the CLI (which must know whether a retried command attaches, conflicts or
// starts something) both use them, so a retried command and the reconciler
// can never disagree.

// Addresses reports whether request req speaks to rollout r: it is the
// request r serves, or a later one for the same AMI (a retried promote
// attaches to the rollout in progress, and an abort or --expect-step
// written on top of it must still reach that rollout).
func Addresses(req *api.Desired, r *api.Rollout) bool {
	if req == nil || r == nil {
		return false
	}
	return req.RequestID == r.RequestID || (req.AMI != "" && req.AMI == r.AMI)
}

// Pending reports whether req will start a rollout that has not started
// yet, given the service's rollout record r (the newest one, nil when the
// service has none) and the AMI of the group serving now ("" when
// unknown): it asks for an AMI; it is not an abort or repair; r does not
// serve it or declined it; it does not attach to r in progress; and, with
// nothing in progress, its AMI is not the one already live (the
// reconciler declines that) unless it asks for a refresh. A request for
// another AMI while r runs is pending: it supersedes r.
func Pending(req *api.Desired, r *api.Rollout, liveAMI string) bool {
	if req == nil || req.Abort || req.Repair || req.AMI == "" {
		return false
	}
	if r != nil && (r.RequestID == req.RequestID || (r.Declined != nil && r.Declined.RequestID == req.RequestID)) {
		return false
	}
	if r != nil && !r.Phase.Terminal() {
		return r.AMI != req.AMI
	}
	return req.AMI != liveAMI || req.Refresh
}
