package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/scaling"
)

// adopted is what --adopt-scaling-from copied into the spec.
type adopted struct {
	Group            string   `json:"group"`
	Policies         []string `json:"policies"`
	ScheduledActions []string `json:"scheduled_actions"`
}

// adoptScaling fills spec's scaling_policies and scheduled_actions from a
// live group, for teams moving a hand-made group under the controller.
// It refuses (exit 2, nothing written) when the spec already declares
// them, the group does not exist, or the group carries something the spec
// cannot express — naming each.
func adoptScaling(ctx context.Context, deps Deps, spec *api.ServiceSpec, group string) (*adopted, error) {
	if len(spec.ScalingPolicies) > 0 || len(spec.ScheduledActions) > 0 {
		return nil, usagef("--adopt-scaling-from %s fills scaling_policies and scheduled_actions, but the spec already declares them; leave them out of the file or drop the flag", group)
	}
	clients, err := deps.Clients(ctx, *spec)
	if err != nil {
		return nil, failed("open AWS clients for "+spec.Name, err)
	}
	if err := groupExists(ctx, clients.AutoScaling, group, spec.Region); err != nil {
		return nil, err
	}
	cfg, foreign, err := observe.ReadScaling(ctx, clients, group)
	if err != nil {
		return nil, failed("read the scaling of "+group, awsapi.Explain("DescribePolicies", err))
	}
	if len(foreign) > 0 {
		return nil, invalidf(foreign, "cannot adopt the scaling of %s: %s\nnothing was written; remove or change these on the group (or declare the spec's own scaling_policies) and try again",
			group, strings.Join(foreign, "; "))
	}
	spec.ScalingPolicies, spec.ScheduledActions = scaling.Adopt(cfg)
	if err := spec.Validate(); err != nil {
		return nil, usagef("the scaling adopted from %s does not make a valid spec: %v", group, err)
	}
	return adoptedOf(group, *spec), nil
}

func adoptedOf(group string, spec api.ServiceSpec) *adopted {
	a := &adopted{Group: group, Policies: []string{}, ScheduledActions: []string{}}
	for _, p := range spec.ScalingPolicies {
		a.Policies = append(a.Policies, p.Name)
	}
	for _, s := range spec.ScheduledActions {
		a.ScheduledActions = append(a.ScheduledActions, s.Name)
	}
	return a
}

// groupExists is nil when the Auto Scaling group exists, else an exit 2
// naming it and the region looked in.
func groupExists(ctx context.Context, as awsapi.AutoScaling, group, region string) error {
	g, err := awsapi.Group(ctx, as, group)
	if err != nil {
		return failed("describe group "+group, awsapi.Explain("DescribeAutoScalingGroups", err))
	}
	if g == nil {
		return usagef("--adopt-scaling-from: group %q does not exist in %s (check the name, and the spec's region and role_arn)", group, region)
	}
	return nil
}

// adoptedText is the text line for what was adopted into svc's spec.
func adoptedText(a *adopted, svc string) string {
	return fmt.Sprintf("adopted from %s: policies [%s], scheduled actions [%s]; `asgctl service get %s` shows them in the spec",
		a.Group, strings.Join(a.Policies, ", "), strings.Join(a.ScheduledActions, ", "), svc)
}
