package reconcile

import "github.com/asgctl/asgctl/controller/api"

// NeedsFor says what observe must fetch, given the current record and the
// desired state: groups always; weights, health and alarms only while a
// rollout is in progress (or about to start); launch template versions only
// while launching. This keeps an idle service at one describe per pass.
func NeedsFor(r *api.Rollout, d Desired) Needs {
	n := Needs{Groups: true}
	if r == nil || r.Phase.Terminal() {
		if Pending(d.Request, r, "") {
			n.Weights = true
			n.Alarms = len(d.Spec.Alarms) > 0 // a rollout does not start without them
			n.DefaultVersion = d.Spec.LaunchTemplateID != ""
		}
		if r.Blocked() && d.Request != nil && d.Request.Repair {
			n.Weights = true
			n.Health = append([]string(nil), d.Spec.TargetGroups...)
		}
		if r != nil && !r.Blocked() {
			if live, tg := RestingLive(r); scalingUnsettled(r, d.Spec, live, tg) {
				n.Scaling = []string{live}
			}
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
	case api.PhaseVerifying:
		// Green is checked with the test listener on it (before traffic)
		// or with all traffic (after): its health, the test listener,
		// the hook results, and the alarms once it takes traffic.
		n.Health = greenTarget(r)
		n.Checks = true
		n.Alarms = r.Step > 0 && len(d.Spec.Alarms) > 0
	case api.PhaseShifting, api.PhasePaused, api.PhasePromoted:
		n.Alarms = len(d.Spec.Alarms) > 0
		n.Metrics = r.Phase == api.PhasePaused && AnalysisActive(d.Spec, r)
	case api.PhaseDraining:
		// Draining scales blue down and waits for its instances: groups
		// only. Traffic is all on green since promoted. Green's scaling
		// policies are read until seen matching the spec.
		n.Weights, n.Health = false, nil
		if scalingUnsettled(r, d.Spec, r.ToGroup, r.ToTargetGroup) {
			n.Scaling = []string{r.ToGroup}
		}
	}
	n.TestWeights = n.Weights && (d.Spec.TestListenerARN != "" || d.Spec.TestRuleARN != "")
	return n
}

func greenTarget(r *api.Rollout) []string {
	if r.ToTargetGroup == "" {
		return nil
	}
	return []string{r.ToTargetGroup}
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
