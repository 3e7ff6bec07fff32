package scaling

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// Want renders what group must carry: the spec's scaling policies and
// scheduled actions, with "{group}" dimension values replaced by group,
// the ALBRequestCountPerTarget resource label built from the spec's
// listener and targetGroupARN (the target group group is attached to), and
// each step or simple policy's alarm named AlarmName(group, policy). The
// spec is expected to be valid; what Want cannot render is an error that
// names the policy or action.
func Want(spec api.ServiceSpec, group, targetGroupARN string) (Config, error) {
	if group == "" {
		return Config{}, errors.New("scaling config: the group name is empty")
	}
	c := Config{Group: group}
	seen := map[string]bool{}
	for _, sp := range spec.ScalingPolicies {
		if seen[sp.Name] {
			return Config{}, fmt.Errorf("scaling policy %q: named twice; policy names must be unique", sp.Name)
		}
		seen[sp.Name] = true
		p, err := wantPolicy(sp, spec.ListenerARN, group, targetGroupARN)
		if err != nil {
			return Config{}, fmt.Errorf("scaling policy %q: %w", sp.Name, err)
		}
		c.Policies = append(c.Policies, p)
	}
	clear(seen)
	for _, a := range spec.ScheduledActions {
		if seen[a.Name] {
			return Config{}, fmt.Errorf("scheduled action %q: named twice; action names must be unique", a.Name)
		}
		seen[a.Name] = true
		if err := checkSizes(a); err != nil {
			return Config{}, fmt.Errorf("scheduled action %q: %w", a.Name, err)
		}
		c.Actions = append(c.Actions, a)
	}
	return canonConfig(c), nil
}

// wantPolicy renders one spec policy for group.
func wantPolicy(sp api.ScalingPolicy, listenerARN, group, targetGroupARN string) (Policy, error) {
	if n := kinds(sp); n != 1 {
		return Policy{}, fmt.Errorf("set exactly one of target_tracking, step and simple (got %d)", n)
	}
	if err := checkNumbers(sp); err != nil {
		return Policy{}, err
	}
	p := canonPolicy(Policy{ScalingPolicy: sp})
	switch {
	case p.TargetTracking != nil:
		t := p.TargetTracking
		if t.CustomMetric != nil {
			if t.Metric != "" {
				return Policy{}, errors.New("target tracking sets both metric and custom_metric; set one")
			}
			substitute(t.CustomMetric.Dimensions, group)
			break
		}
		if !slices.Contains(api.PredefinedMetrics, t.Metric) {
			return Policy{}, fmt.Errorf("target tracking metric %q is not one of %s", t.Metric, strings.Join(api.PredefinedMetrics, ", "))
		}
		if t.Metric == api.MetricRequestsPerTarg {
			if targetGroupARN == "" {
				return Policy{}, errors.New("ALBRequestCountPerTarget needs the target group of the group, and none was given")
			}
			label, err := ResourceLabel(listenerARN, targetGroupARN)
			if err != nil {
				return Policy{}, err
			}
			p.ResourceLabel = label
		}
	case p.Step != nil:
		substitute(p.Step.Alarm.Metric.Dimensions, group)
		p.AlarmName = AlarmName(group, p.Name)
	case p.Simple != nil:
		substitute(p.Simple.Alarm.Metric.Dimensions, group)
		p.AlarmName = AlarmName(group, p.Name)
	}
	return p, nil
}

// kinds counts the policy kinds sp sets.
func kinds(sp api.ScalingPolicy) int {
	n := 0
	for _, set := range []bool{sp.TargetTracking != nil, sp.Step != nil, sp.Simple != nil} {
		if set {
			n++
		}
	}
	return n
}

// substitute replaces every dimension value "{group}" with group, in place.
func substitute(dims map[string]string, group string) {
	for k, v := range dims {
		if v == api.GroupPlaceholder {
			dims[k] = group
		}
	}
}
