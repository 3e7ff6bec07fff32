package awsapi

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
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
