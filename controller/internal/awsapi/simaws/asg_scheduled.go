package simaws

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// scheduledAction is one scheduled action of a group. The simulation
// stores and describes it; it never runs it.
type scheduledAction struct {
	name, arn string
	def       types.ScheduledUpdateGroupAction // as the last put defined it, validated
}

// PutScheduledUpdateGroupAction creates or replaces the group's scheduled
// action of that name: a put is the action's whole definition, and the
// action keeps its ARN.
func (c *Cloud) PutScheduledUpdateGroupAction(ctx context.Context, in *autoscaling.PutScheduledUpdateGroupActionInput, _ ...func(*autoscaling.Options)) (*autoscaling.PutScheduledUpdateGroupActionOutput, error) {
	return run(ctx, c, opPutScheduledAction, func(callCtx) (*autoscaling.PutScheduledUpdateGroupActionOutput, error) {
		if in == nil {
			in = &autoscaling.PutScheduledUpdateGroupActionInput{}
		}
		g, err := c.liveGroup(in.AutoScalingGroupName)
		if err != nil {
			return nil, err
		}
		def, err := c.scheduledDefinition(in)
		if err != nil {
			return nil, err
		}
		if g.scheduled == nil {
			g.scheduled = map[string]*scheduledAction{}
		}
		name := aws.ToString(in.ScheduledActionName)
		a, ok := g.scheduled[name]
		if !ok {
			a = &scheduledAction{name: name, arn: fmt.Sprintf("arn:aws:autoscaling:%s:%s:scheduledUpdateGroupAction:%s:autoScalingGroupName/%s:scheduledActionName/%s",
				c.cfg.Region, c.cfg.AccountID, c.nameUUID(), g.name, name)}
			g.scheduled[name] = a
		}
		a.def = def
		return &autoscaling.PutScheduledUpdateGroupActionOutput{}, nil
	})
}

// DeleteScheduledAction deletes a group's scheduled action. An unknown
// group or action is a ValidationError that says "not found".
func (c *Cloud) DeleteScheduledAction(ctx context.Context, in *autoscaling.DeleteScheduledActionInput, _ ...func(*autoscaling.Options)) (*autoscaling.DeleteScheduledActionOutput, error) {
	return run(ctx, c, opDeleteScheduledAction, func(callCtx) (*autoscaling.DeleteScheduledActionOutput, error) {
		if in == nil {
			in = &autoscaling.DeleteScheduledActionInput{}
		}
		name := aws.ToString(in.AutoScalingGroupName)
		g, ok := c.groups[name]
		if !ok {
			return nil, groupNotFound(name)
		}
		if _, ok := g.scheduled[aws.ToString(in.ScheduledActionName)]; !ok {
			return nil, validationError("Scheduled action name not found - scheduled action '%s' of Auto Scaling group '%s' not found", aws.ToString(in.ScheduledActionName), name)
		}
		delete(g.scheduled, aws.ToString(in.ScheduledActionName))
		return &autoscaling.DeleteScheduledActionOutput{}, nil
	})
}

// DescribeScheduledActions returns scheduled actions sorted by group and
// name: the group's (AutoScalingGroupName; a missing group is "not
// found") or every group's, filtered by ScheduledActionNames (at most 50;
// unknown ones are left out) or else by StartTime and EndTime (actions
// with a start time outside them are left out), MaxRecords (default 50,
// at most 100) per page. An action put without a StartTime shows none: the
// simulation does not compute when a recurrence runs next.
func (c *Cloud) DescribeScheduledActions(ctx context.Context, in *autoscaling.DescribeScheduledActionsInput, _ ...func(*autoscaling.Options)) (*autoscaling.DescribeScheduledActionsOutput, error) {
	return run(ctx, c, opDescribeScheduledActions, func(callCtx) (*autoscaling.DescribeScheduledActionsOutput, error) {
		if in == nil {
			in = &autoscaling.DescribeScheduledActionsInput{}
		}
		limit, ok := pageLimit(in.MaxRecords, 50, 100)
		if !ok || len(in.ScheduledActionNames) > 50 {
			return nil, validationError("MaxRecords must be between 1 and 100 and ScheduledActionNames may name at most 50 actions")
		}
		as, err := c.matchingScheduled(in)
		if err != nil {
			return nil, err
		}
		page, next, err := paginate(as, scheduledKey, opDescribeScheduledActions, aws.ToString(in.NextToken), limit)
		if err != nil {
			return nil, apiError(codeInvalidNextToken, "The token '%s' is invalid.", aws.ToString(in.NextToken))
		}
		out := &autoscaling.DescribeScheduledActionsOutput{ScheduledUpdateGroupActions: []types.ScheduledUpdateGroupAction{}, NextToken: optString(next)}
		for _, ga := range page {
			r := cloneJSON(ga.a.def)
			r.AutoScalingGroupName, r.ScheduledActionName, r.ScheduledActionARN = aws.String(ga.g.name), aws.String(ga.a.name), aws.String(ga.a.arn)
			out.ScheduledUpdateGroupActions = append(out.ScheduledUpdateGroupActions, r)
		}
		return out, nil
	})
}

// groupScheduled is a scheduled action with its group, for describes.
type groupScheduled struct {
	g *group
	a *scheduledAction
}

func scheduledKey(ga groupScheduled) string { return ga.g.name + "\x00" + ga.a.name }

func (c *Cloud) matchingScheduled(in *autoscaling.DescribeScheduledActionsInput) ([]groupScheduled, error) {
	groups := sortedKeys(c.groups)
	if name := aws.ToString(in.AutoScalingGroupName); name != "" {
		if _, ok := c.groups[name]; !ok {
			return nil, groupNotFound(name)
		}
		groups = []string{name}
	}
	var out []groupScheduled
	for _, gname := range groups {
		g := c.groups[gname]
		for _, aname := range sortedKeys(g.scheduled) {
			a := g.scheduled[aname]
			if len(in.ScheduledActionNames) > 0 && !slices.Contains(in.ScheduledActionNames, aname) ||
				len(in.ScheduledActionNames) == 0 && !startsWithin(a.def.StartTime, in.StartTime, in.EndTime) {
				continue
			}
			out = append(out, groupScheduled{g, a})
		}
	}
	return out, nil
}

// startsWithin reports whether an action's start time (nil: none) lies in
// [from, to], either bound optional.
func startsWithin(start, from, to *time.Time) bool {
	if start == nil {
		return true
	}
	return (from == nil || !start.Before(*from)) && (to == nil || !start.After(*to))
}
