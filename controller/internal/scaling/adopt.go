package scaling

import "github.com/asgctl/asgctl/controller/api"

// Adopt turns what a group carries back into the spec's form, for a team
// that brings an existing group under the controller: resource labels are
// dropped (Want builds each group's label from its own target group) and a
// dimension value equal to the group's name becomes "{group}". Alarm names
// are dropped too: Want names them after the group and the policy. Foreign
// policies and actions are left out; Have said why.
func Adopt(have Config) ([]api.ScalingPolicy, []api.ScheduledAction) {
	have = canonConfig(have)
	var (
		policies []api.ScalingPolicy
		actions  []api.ScheduledAction
	)
	for _, p := range have.Policies {
		sp := p.ScalingPolicy // canonConfig made a deep copy
		switch {
		case sp.TargetTracking != nil && sp.TargetTracking.CustomMetric != nil:
			placeholder(sp.TargetTracking.CustomMetric.Dimensions, have.Group)
		case sp.Step != nil:
			placeholder(sp.Step.Alarm.Metric.Dimensions, have.Group)
		case sp.Simple != nil:
			placeholder(sp.Simple.Alarm.Metric.Dimensions, have.Group)
		}
		policies = append(policies, sp)
	}
	actions = append(actions, have.Actions...)
	return policies, actions
}

// placeholder replaces every dimension value equal to group with
// "{group}", in place.
func placeholder(dims map[string]string, group string) {
	for k, v := range dims {
		if group != "" && v == group {
			dims[k] = api.GroupPlaceholder
		}
	}
}
