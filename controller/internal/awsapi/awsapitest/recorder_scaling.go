package awsapitest

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// The scaling policy, scheduled action and metric alarm calls of the
// recorder's clients (see recorder.go).

func (a recAutoScaling) PutScalingPolicy(ctx context.Context, in *autoscaling.PutScalingPolicyInput, o ...func(*autoscaling.Options)) (*autoscaling.PutScalingPolicyOutput, error) {
	a.r.note("PutScalingPolicy")
	return a.next.PutScalingPolicy(ctx, in, o...)
}

func (a recAutoScaling) DescribePolicies(ctx context.Context, in *autoscaling.DescribePoliciesInput, o ...func(*autoscaling.Options)) (*autoscaling.DescribePoliciesOutput, error) {
	a.r.note("DescribePolicies")
	return a.next.DescribePolicies(ctx, in, o...)
}

func (a recAutoScaling) DeletePolicy(ctx context.Context, in *autoscaling.DeletePolicyInput, o ...func(*autoscaling.Options)) (*autoscaling.DeletePolicyOutput, error) {
	a.r.note("DeletePolicy")
	return a.next.DeletePolicy(ctx, in, o...)
}

func (a recAutoScaling) PutScheduledUpdateGroupAction(ctx context.Context, in *autoscaling.PutScheduledUpdateGroupActionInput, o ...func(*autoscaling.Options)) (*autoscaling.PutScheduledUpdateGroupActionOutput, error) {
	a.r.note("PutScheduledUpdateGroupAction")
	return a.next.PutScheduledUpdateGroupAction(ctx, in, o...)
}

func (a recAutoScaling) DescribeScheduledActions(ctx context.Context, in *autoscaling.DescribeScheduledActionsInput, o ...func(*autoscaling.Options)) (*autoscaling.DescribeScheduledActionsOutput, error) {
	a.r.note("DescribeScheduledActions")
	return a.next.DescribeScheduledActions(ctx, in, o...)
}

func (a recAutoScaling) DeleteScheduledAction(ctx context.Context, in *autoscaling.DeleteScheduledActionInput, o ...func(*autoscaling.Options)) (*autoscaling.DeleteScheduledActionOutput, error) {
	a.r.note("DeleteScheduledAction")
	return a.next.DeleteScheduledAction(ctx, in, o...)
}

func (c recCloudWatch) PutMetricAlarm(ctx context.Context, in *cloudwatch.PutMetricAlarmInput, o ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricAlarmOutput, error) {
	c.r.note("PutMetricAlarm")
	return c.next.PutMetricAlarm(ctx, in, o...)
}

func (c recCloudWatch) DeleteAlarms(ctx context.Context, in *cloudwatch.DeleteAlarmsInput, o ...func(*cloudwatch.Options)) (*cloudwatch.DeleteAlarmsOutput, error) {
	c.r.note("DeleteAlarms")
	return c.next.DeleteAlarms(ctx, in, o...)
}
