package reconcile

import "github.com/asgctl/asgctl/controller/api"

// NeedsFor says what observe must fetch, given the current record and the
// desired state: groups always; weights, health and alarms only while a
// rollout is in progress (or about to start); launch template versions only
// while launching. This keeps an idle service at one describe per pass.
func NeedsFor(r *api.Rollout, d Desired) Needs {
	n := Needs{Groups: true}
	if r == nil || r.Phase.Terminal() {
		if pendingRequest(r, d) {
			n.Weights = true
		}
		return n
	}
	n.Weights = true
	n.Health = healthTargets(r)
	switch r.Phase {
	case api.PhaseLaunching:
		// Launching changes groups and templates only; a revert from
		// here reads the listener on its next pass (reverting waits for
		// known weights).
		n.Weights, n.Health = false, nil
		n.LaunchTemplates = !r.Reused
	case api.PhaseWaitingHealthy:
		// Only green's health changes; blue carries all the traffic and
		// its health matters only to a revert, whose weights already
		// show all-blue. The listener is read for the first step's
		// precondition.
		n.Health = greenTarget(r)
	case api.PhaseShifting, api.PhasePaused, api.PhasePromoted:
		n.Alarms = len(d.Spec.Alarms) > 0
	case api.PhaseDraining:
		// Draining scales blue down and waits for its instances: groups
		// only. Traffic is all on green since promoted.
		n.Weights, n.Health = false, nil
	}
	return n
}

func greenTarget(r *api.Rollout) []string {
	if r.ToTargetGroup == "" {
		return nil
	}
	return []string{r.ToTargetGroup}
}

// pendingRequest reports whether the desired request has not been served yet.
func pendingRequest(r *api.Rollout, d Desired) bool {
	if d.Request == nil || d.Request.AMI == "" {
		return false
	}
	return r == nil || r.RequestID != d.Request.RequestID
}

func healthTargets(r *api.Rollout) []string {
	var out []string
	if r.FromTargetGroup != "" {
		out = append(out, r.FromTargetGroup)
	}
	if r.ToTargetGroup != "" && r.ToTargetGroup != r.FromTargetGroup {
		out = append(out, r.ToTargetGroup)
	}
	return out
}
