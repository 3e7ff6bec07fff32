package sim

import (
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// Names of the default profile's scaling policies and scheduled action.
const (
	PolicyRequests = "requests-per-target"
	PolicyCPUStep  = "cpu-high"
	ActionMorning  = "weekday-morning"
)

// DefaultScaling is the default profile's scaling: target tracking on
// ALBRequestCountPerTarget (its resource label names each group's own
// target group), a step policy whose alarm the controller makes for each
// group, and a weekday scheduled action in a named time zone. simaws
// stores and describes them but never acts on them.
func DefaultScaling() ([]api.ScalingPolicy, []api.ScheduledAction) {
	lower, upper := 0.0, 20.0
	pols := []api.ScalingPolicy{
		{Name: PolicyRequests, TargetTracking: &api.TargetTracking{Metric: api.MetricRequestsPerTarg, Target: 1000}},
		{Name: PolicyCPUStep, Step: &api.StepScaling{
			AdjustmentType: "ChangeInCapacity",
			Steps:          []api.ScalingStep{{Lower: &lower, Upper: &upper, Adjustment: 1}, {Lower: &upper, Adjustment: 2}},
			Alarm: api.MetricAlarm{
				Metric: api.CustomMetric{
					Namespace: "AWS/EC2", Name: "CPUUtilization", Statistic: "Average",
					Dimensions: map[string]string{"AutoScalingGroupName": api.GroupPlaceholder},
				},
				Comparison: "GreaterThanThreshold", Threshold: 70,
				Period: api.Duration(time.Minute), EvaluationPeriods: 2,
			},
		}},
	}
	desired, maxSize := 6, 8
	acts := []api.ScheduledAction{
		{Name: ActionMorning, Recurrence: "0 8 * * 1-5", TimeZone: "Europe/Berlin", Desired: &desired, Max: &maxSize},
	}
	return pols, acts
}

// changedScaling is the spec's scaling after an operator's edit: every
// target-tracking target lowered by a fifth and the scheduled actions
// dropped. It edits spec, which must not share its policies with another.
func changedScaling(spec *api.ServiceSpec) {
	for _, p := range spec.ScalingPolicies {
		if p.TargetTracking != nil {
			p.TargetTracking.Target *= 0.8
		}
	}
	spec.ScheduledActions = nil
}
