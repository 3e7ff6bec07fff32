package awsapi

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Pagination lives here, once, for every backend: callers get whole
// results and never see NextToken.

// pages calls op with in, following the next token until it is empty or
// maxPages pages were read (0: no limit), and returns the pages.
func pages[In, Out any](ctx context.Context, in *In, maxPages int,
	op func(context.Context, *In) (*Out, error), next func(*Out) *string, setNext func(*In, *string),
) ([]*Out, error) {
	var out []*Out
	for maxPages == 0 || len(out) < maxPages {
		page, err := op(ctx, in)
		if err != nil {
			return nil, err
		}
		out = append(out, page)
		tok := next(page)
		if aws.ToString(tok) == "" {
			break
		}
		setNext(in, tok)
	}
	return out, nil
}

// AllGroups returns every group DescribeAutoScalingGroups finds for in.
func AllGroups(ctx context.Context, as GroupDescriber, in *autoscaling.DescribeAutoScalingGroupsInput) ([]astypes.AutoScalingGroup, error) {
	ps, err := pages(ctx, in, 0,
		func(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
			return as.DescribeAutoScalingGroups(ctx, in)
		},
		func(o *autoscaling.DescribeAutoScalingGroupsOutput) *string { return o.NextToken },
		func(in *autoscaling.DescribeAutoScalingGroupsInput, t *string) { in.NextToken = t })
	var out []astypes.AutoScalingGroup
	for _, p := range ps {
		out = append(out, p.AutoScalingGroups...)
	}
	return out, err
}

// LaunchTemplateVersions returns the versions DescribeLaunchTemplateVersions
// finds for in, reading at most maxPages pages (0: all).
func LaunchTemplateVersions(ctx context.Context, e EC2, in *ec2.DescribeLaunchTemplateVersionsInput, maxPages int) ([]ec2types.LaunchTemplateVersion, error) {
	ps, err := pages(ctx, in, maxPages,
		func(ctx context.Context, in *ec2.DescribeLaunchTemplateVersionsInput) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
			return e.DescribeLaunchTemplateVersions(ctx, in)
		},
		func(o *ec2.DescribeLaunchTemplateVersionsOutput) *string { return o.NextToken },
		func(in *ec2.DescribeLaunchTemplateVersionsInput, t *string) { in.NextToken = t })
	var out []ec2types.LaunchTemplateVersion
	for _, p := range ps {
		out = append(out, p.LaunchTemplateVersions...)
	}
	return out, err
}

// AlarmStates returns the state of every alarm DescribeAlarms finds for in
// (metric and composite), by name.
func AlarmStates(ctx context.Context, cw CloudWatch, in *cloudwatch.DescribeAlarmsInput) (map[string]string, error) {
	ps, err := pages(ctx, in, 0,
		func(ctx context.Context, in *cloudwatch.DescribeAlarmsInput) (*cloudwatch.DescribeAlarmsOutput, error) {
			return cw.DescribeAlarms(ctx, in)
		},
		func(o *cloudwatch.DescribeAlarmsOutput) *string { return o.NextToken },
		func(in *cloudwatch.DescribeAlarmsInput, t *string) { in.NextToken = t })
	out := map[string]string{}
	for _, p := range ps {
		for _, a := range p.MetricAlarms {
			out[aws.ToString(a.AlarmName)] = string(a.StateValue)
		}
		for _, a := range p.CompositeAlarms {
			out[aws.ToString(a.AlarmName)] = string(a.StateValue)
		}
	}
	return out, err
}

// maxPagesBounded bounds the pages the helpers below read. They ask for
// 100 records a page, far more than one group may hold (AWS allows 50
// scaling policies and 125 scheduled actions per group) or one alarm call
// may name, so reaching it means a backend that keeps handing out tokens.
const maxPagesBounded = 20

// pageSize is the MaxRecords the helpers below ask for: AWS's maximum.
const pageSize = 100

// boundedPages is pages with maxPagesBounded, failing rather than
// returning part of the result when the bound is reached.
func boundedPages[In, Out any](ctx context.Context, in *In,
	op func(context.Context, *In) (*Out, error), next func(*Out) *string, setNext func(*In, *string),
) ([]*Out, error) {
	ps, err := pages(ctx, in, maxPagesBounded, op, next, setNext)
	if err != nil {
		return nil, err
	}
	if len(ps) == maxPagesBounded && aws.ToString(next(ps[len(ps)-1])) != "" {
		return nil, fmt.Errorf("still more after %d pages", maxPagesBounded)
	}
	return ps, nil
}

// GroupPolicies returns every scaling policy of the named group, all
// pages. A group that does not exist is an error that classifies as
// ClassNotFound.
func GroupPolicies(ctx context.Context, as AutoScaling, group string) ([]astypes.ScalingPolicy, error) {
	in := &autoscaling.DescribePoliciesInput{AutoScalingGroupName: aws.String(group), MaxRecords: aws.Int32(pageSize)}
	ps, err := boundedPages(ctx, in,
		func(ctx context.Context, in *autoscaling.DescribePoliciesInput) (*autoscaling.DescribePoliciesOutput, error) {
			return as.DescribePolicies(ctx, in)
		},
		func(o *autoscaling.DescribePoliciesOutput) *string { return o.NextToken },
		func(in *autoscaling.DescribePoliciesInput, t *string) { in.NextToken = t })
	if err != nil {
		return nil, fmt.Errorf("describe scaling policies of group %q: %w", group, err)
	}
	var out []astypes.ScalingPolicy
	for _, p := range ps {
		out = append(out, p.ScalingPolicies...)
	}
	return out, nil
}

// GroupScheduledActions returns every scheduled action of the named
// group, all pages. A group that does not exist is an error that
// classifies as ClassNotFound.
func GroupScheduledActions(ctx context.Context, as AutoScaling, group string) ([]astypes.ScheduledUpdateGroupAction, error) {
	in := &autoscaling.DescribeScheduledActionsInput{AutoScalingGroupName: aws.String(group), MaxRecords: aws.Int32(pageSize)}
	ps, err := boundedPages(ctx, in,
		func(ctx context.Context, in *autoscaling.DescribeScheduledActionsInput) (*autoscaling.DescribeScheduledActionsOutput, error) {
			return as.DescribeScheduledActions(ctx, in)
		},
		func(o *autoscaling.DescribeScheduledActionsOutput) *string { return o.NextToken },
		func(in *autoscaling.DescribeScheduledActionsInput, t *string) { in.NextToken = t })
	if err != nil {
		return nil, fmt.Errorf("describe scheduled actions of group %q: %w", group, err)
	}
	var out []astypes.ScheduledUpdateGroupAction
	for _, p := range ps {
		out = append(out, p.ScheduledUpdateGroupActions...)
	}
	return out, nil
}

// alarmNamesPerCall is the most names one DescribeAlarms call accepts.
const alarmNamesPerCall = 100

// DescribeAlarmsByName returns the definitions of the named metric alarms,
// naming at most 100 alarms a call and reading every page. A name
// CloudWatch does not know is simply absent from the result.
func DescribeAlarmsByName(ctx context.Context, cw CloudWatch, names []string) ([]cwtypes.MetricAlarm, error) {
	var out []cwtypes.MetricAlarm
	for start := 0; start < len(names); start += alarmNamesPerCall {
		chunk := names[start:min(start+alarmNamesPerCall, len(names))]
		in := &cloudwatch.DescribeAlarmsInput{AlarmNames: chunk, MaxRecords: aws.Int32(pageSize)}
		ps, err := boundedPages(ctx, in,
			func(ctx context.Context, in *cloudwatch.DescribeAlarmsInput) (*cloudwatch.DescribeAlarmsOutput, error) {
				return cw.DescribeAlarms(ctx, in)
			},
			func(o *cloudwatch.DescribeAlarmsOutput) *string { return o.NextToken },
			func(in *cloudwatch.DescribeAlarmsInput, t *string) { in.NextToken = t })
		if err != nil {
			return nil, fmt.Errorf("describe %d alarms from %q: %w", len(chunk), chunk[0], err)
		}
		for _, p := range ps {
			out = append(out, p.MetricAlarms...)
		}
	}
	return out, nil
}

// Group reads one group fresh by name; nil when it does not exist.
func Group(ctx context.Context, as GroupDescriber, name string) (*astypes.AutoScalingGroup, error) {
	out, err := as.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{
		AutoScalingGroupNames: []string{name},
	})
	if err != nil {
		return nil, fmt.Errorf("describe asg %q: %w", name, err)
	}
	for i := range out.AutoScalingGroups {
		if aws.ToString(out.AutoScalingGroups[i].AutoScalingGroupName) == name {
			return &out.AutoScalingGroups[i], nil
		}
	}
	return nil, nil
}
