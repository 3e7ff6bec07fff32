package observe

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/asgctl/asgctl/controller/internal/scaling"
)

// ReadScaling reads what group carries of scaling policies and scheduled
// actions, with the CloudWatch alarms its step and simple policies name,
// in canonical form; the strings say what on it the spec cannot express.
func ReadScaling(ctx context.Context, c awsapi.Clients, group string) (scaling.Config, []string, error) {
	pols, err := awsapi.GroupPolicies(ctx, c.AutoScaling, group)
	if err != nil {
		return scaling.Config{}, nil, fmt.Errorf("describe scaling policies of %s: %w", group, err)
	}
	acts, err := awsapi.GroupScheduledActions(ctx, c.AutoScaling, group)
	if err != nil {
		return scaling.Config{}, nil, fmt.Errorf("describe scheduled actions of %s: %w", group, err)
	}
	var names []string
	for _, p := range pols {
		for _, a := range p.Alarms {
			if a.AlarmName != nil {
				names = append(names, *a.AlarmName)
			}
		}
	}
	alarms, err := awsapi.DescribeAlarmsByName(ctx, c.CloudWatch, uniqueSorted(names))
	if err != nil {
		return scaling.Config{}, nil, fmt.Errorf("describe the alarms of %s's scaling policies: %w", group, err)
	}
	cfg, foreign := scaling.Have(group, pols, acts, alarms)
	return cfg, foreign, nil
}

// readScalingOf reads each named group's scaling into obs.
func (o *Observer) readScalingOf(ctx context.Context, groups []string, obs *reconcile.Observed) error {
	for _, g := range groups {
		cfg, foreign, err := ReadScaling(ctx, o.Clients, g)
		if err != nil {
			return err
		}
		if obs.Scaling == nil {
			obs.Scaling = map[string]reconcile.GroupScaling{}
		}
		obs.Scaling[g] = reconcile.GroupScaling{Fingerprint: cfg.Fingerprint(), Foreign: foreign}
	}
	return nil
}
