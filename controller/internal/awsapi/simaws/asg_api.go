package simaws

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// CreateAutoScalingGroup creates a group from a launch template and
// launches instances up to desired capacity (default MinSize).
func (c *Cloud) CreateAutoScalingGroup(ctx context.Context, in *autoscaling.CreateAutoScalingGroupInput, _ ...func(*autoscaling.Options)) (*autoscaling.CreateAutoScalingGroupOutput, error) {
	return run(ctx, c, opCreateAutoScalingGroup, func(callCtx) (*autoscaling.CreateAutoScalingGroupOutput, error) {
		if in == nil {
			in = &autoscaling.CreateAutoScalingGroupInput{}
		}
		name := aws.ToString(in.AutoScalingGroupName)
		if name == "" || len(name) > 255 {
			return nil, validationError("AutoScalingGroupName must be 1-255 characters")
		}
		if _, taken := c.groups[name]; taken {
			return nil, apiError(codeAlreadyExists, "AutoScalingGroup by this name already exists - A group with the name %s already exists", name)
		}
		g, err := c.newGroup(name, in)
		if err != nil {
			return nil, err
		}
		c.groups[name] = g
		c.reconcileCapacity(g)
		return &autoscaling.CreateAutoScalingGroupOutput{}, nil
	})
}

func (c *Cloud) newGroup(name string, in *autoscaling.CreateAutoScalingGroupInput) (*group, error) {
	lt, version, err := c.groupTemplate(in.LaunchTemplate)
	if err != nil {
		return nil, err
	}
	if in.MinSize == nil || in.MaxSize == nil {
		return nil, validationError("MinSize and MaxSize are required")
	}
	g := &group{
		name: name, created: c.now, changedAt: c.now, ltID: lt.id, ltVersion: version,
		min: int(*in.MinSize), max: int(*in.MaxSize), desired: int(aws.ToInt32(in.MinSize)),
		targetGroups: slices.Clone(in.TargetGroupARNs), suspended: map[string]string{},
		arn: fmt.Sprintf("arn:aws:autoscaling:%s:%s:autoScalingGroup:%s:autoScalingGroupName/%s", c.cfg.Region, c.cfg.AccountID, c.uuid(), name),
	}
	if in.DesiredCapacity != nil {
		g.desired = int(*in.DesiredCapacity)
	}
	if err := validateCapacity(g.min, g.max, g.desired); err != nil {
		return nil, err
	}
	if err := c.checkTargetGroups(g.targetGroups); err != nil {
		return nil, err
	}
	if g.vpcZone, g.azs, err = c.zones(in.VPCZoneIdentifier, in.AvailabilityZones); err != nil {
		return nil, err
	}
	if g.healthCheckType, err = healthCheckType(in.HealthCheckType); err != nil {
		return nil, err
	}
	if g.grace, err = gracePeriod(in.HealthCheckGracePeriod); err != nil {
		return nil, err
	}
	if g.tags, err = parseTags(name, in.Tags); err != nil {
		return nil, err
	}
	if g.hooks, err = parseHooks(in.LifecycleHookSpecificationList); err != nil {
		return nil, err
	}
	return g, nil
}

// liveGroup finds a group that API writes may change.
func (c *Cloud) liveGroup(name *string) (*group, error) {
	g, ok := c.groups[aws.ToString(name)]
	if !ok {
		return nil, groupNotFound(aws.ToString(name))
	}
	if g.deleting {
		return nil, validationError("The AutoScaling group may not be modified while it is pending delete")
	}
	return g, nil
}

// UpdateAutoScalingGroup changes capacity, launch template, health check
// settings or subnets. A new MinSize above desired raises desired; a new
// MaxSize below it lowers desired; an explicit DesiredCapacity must fit.
func (c *Cloud) UpdateAutoScalingGroup(ctx context.Context, in *autoscaling.UpdateAutoScalingGroupInput, _ ...func(*autoscaling.Options)) (*autoscaling.UpdateAutoScalingGroupOutput, error) {
	return run(ctx, c, opUpdateAutoScalingGroup, func(callCtx) (*autoscaling.UpdateAutoScalingGroupOutput, error) {
		if in == nil {
			in = &autoscaling.UpdateAutoScalingGroupInput{}
		}
		g, err := c.liveGroup(in.AutoScalingGroupName)
		if err != nil {
			return nil, err
		}
		next, err := c.updatedGroup(g, in)
		if err != nil {
			return nil, err
		}
		c.markChanged(g)
		g.min, g.max, g.desired, g.ltID, g.ltVersion = next.min, next.max, next.desired, next.ltID, next.ltVersion
		g.healthCheckType, g.grace, g.vpcZone, g.azs = next.healthCheckType, next.grace, next.vpcZone, next.azs
		c.reconcileCapacity(g)
		c.recheckGroupHealth(g)
		return &autoscaling.UpdateAutoScalingGroupOutput{}, nil
	})
}

// updatedGroup validates an update and returns the settings it leads to,
// changing nothing.
func (c *Cloud) updatedGroup(g *group, in *autoscaling.UpdateAutoScalingGroupInput) (group, error) {
	next := *g
	if in.MinSize != nil {
		next.min = int(*in.MinSize)
		next.desired = max(next.desired, next.min)
	}
	if in.MaxSize != nil {
		next.max = int(*in.MaxSize)
		next.desired = min(next.desired, next.max)
	}
	if in.DesiredCapacity != nil {
		next.desired = int(*in.DesiredCapacity)
	}
	if err := validateCapacity(next.min, next.max, next.desired); err != nil {
		return next, err
	}
	var err error
	if in.LaunchTemplate != nil {
		lt, version, err := c.groupTemplate(in.LaunchTemplate)
		if err != nil {
			return next, err
		}
		next.ltID, next.ltVersion = lt.id, version
	}
	if in.HealthCheckType != nil {
		if next.healthCheckType, err = healthCheckType(in.HealthCheckType); err != nil {
			return next, err
		}
	}
	if in.HealthCheckGracePeriod != nil {
		if next.grace, err = gracePeriod(in.HealthCheckGracePeriod); err != nil {
			return next, err
		}
	}
	if in.VPCZoneIdentifier != nil || len(in.AvailabilityZones) > 0 {
		if next.vpcZone, next.azs, err = c.zones(in.VPCZoneIdentifier, in.AvailabilityZones); err != nil {
			return next, err
		}
	}
	return next, nil
}

// DeleteAutoScalingGroup deletes an empty group at once. With ForceDelete
// a group with instances shows "Delete in progress", its instances are
// terminated (draining as usual, terminate hooks skipped) and it
// disappears with its last instance. Its scaling policies and scheduled
// actions go with it (see removeGroup).
func (c *Cloud) DeleteAutoScalingGroup(ctx context.Context, in *autoscaling.DeleteAutoScalingGroupInput, _ ...func(*autoscaling.Options)) (*autoscaling.DeleteAutoScalingGroupOutput, error) {
	return run(ctx, c, opDeleteAutoScalingGroup, func(callCtx) (*autoscaling.DeleteAutoScalingGroupOutput, error) {
		if in == nil {
			in = &autoscaling.DeleteAutoScalingGroupInput{}
		}
		name := aws.ToString(in.AutoScalingGroupName)
		g, ok := c.groups[name]
		switch {
		case !ok:
			return nil, groupNotFound(name)
		case g.deleting:
			return nil, apiError(codeScalingInProgress, "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.")
		case len(g.instances) > 0 && !aws.ToBool(in.ForceDelete):
			return nil, apiError(codeResourceInUse, "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.")
		case len(g.instances) == 0:
			c.removeGroup(g)
			return &autoscaling.DeleteAutoScalingGroupOutput{}, nil
		}
		c.markChanged(g)
		g.deleting, g.min, g.max, g.desired = true, 0, 0, 0
		for _, inst := range slices.Clone(g.instances) {
			if inst.lifecycle == types.LifecycleStateTerminatingWait {
				c.shutdown(inst)
			} else {
				c.terminate(inst)
			}
		}
		return &autoscaling.DeleteAutoScalingGroupOutput{}, nil
	})
}
