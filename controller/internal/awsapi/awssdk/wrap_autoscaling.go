package awssdk

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// limitedAutoScaling puts the AutoScaling calls behind the rate limiter (see wrap.go).
type limitedAutoScaling struct {
	c awsapi.AutoScaling
	g Gate
}

var _ awsapi.AutoScaling = (*limitedAutoScaling)(nil)

// DescribeAutoScalingGroups calls DescribeAutoScalingGroups after taking a token.
func (w *limitedAutoScaling) DescribeAutoScalingGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	return call(ctx, w.g, "DescribeAutoScalingGroups", func() (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
		return w.c.DescribeAutoScalingGroups(ctx, in, optFns...)
	})
}

// CreateAutoScalingGroup calls CreateAutoScalingGroup after taking a token.
func (w *limitedAutoScaling) CreateAutoScalingGroup(ctx context.Context, in *autoscaling.CreateAutoScalingGroupInput, optFns ...func(*autoscaling.Options)) (*autoscaling.CreateAutoScalingGroupOutput, error) {
	return call(ctx, w.g, "CreateAutoScalingGroup", func() (*autoscaling.CreateAutoScalingGroupOutput, error) {
		return w.c.CreateAutoScalingGroup(ctx, in, optFns...)
	})
}

// UpdateAutoScalingGroup calls UpdateAutoScalingGroup after taking a token.
func (w *limitedAutoScaling) UpdateAutoScalingGroup(ctx context.Context, in *autoscaling.UpdateAutoScalingGroupInput, optFns ...func(*autoscaling.Options)) (*autoscaling.UpdateAutoScalingGroupOutput, error) {
	return call(ctx, w.g, "UpdateAutoScalingGroup", func() (*autoscaling.UpdateAutoScalingGroupOutput, error) {
		return w.c.UpdateAutoScalingGroup(ctx, in, optFns...)
	})
}

// DeleteAutoScalingGroup calls DeleteAutoScalingGroup after taking a token.
func (w *limitedAutoScaling) DeleteAutoScalingGroup(ctx context.Context, in *autoscaling.DeleteAutoScalingGroupInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DeleteAutoScalingGroupOutput, error) {
	return call(ctx, w.g, "DeleteAutoScalingGroup", func() (*autoscaling.DeleteAutoScalingGroupOutput, error) {
		return w.c.DeleteAutoScalingGroup(ctx, in, optFns...)
	})
}

// SuspendProcesses calls SuspendProcesses after taking a token.
func (w *limitedAutoScaling) SuspendProcesses(ctx context.Context, in *autoscaling.SuspendProcessesInput, optFns ...func(*autoscaling.Options)) (*autoscaling.SuspendProcessesOutput, error) {
	return call(ctx, w.g, "SuspendProcesses", func() (*autoscaling.SuspendProcessesOutput, error) { return w.c.SuspendProcesses(ctx, in, optFns...) })
}

// ResumeProcesses calls ResumeProcesses after taking a token.
func (w *limitedAutoScaling) ResumeProcesses(ctx context.Context, in *autoscaling.ResumeProcessesInput, optFns ...func(*autoscaling.Options)) (*autoscaling.ResumeProcessesOutput, error) {
	return call(ctx, w.g, "ResumeProcesses", func() (*autoscaling.ResumeProcessesOutput, error) { return w.c.ResumeProcesses(ctx, in, optFns...) })
}

// CompleteLifecycleAction calls CompleteLifecycleAction after taking a token.
func (w *limitedAutoScaling) CompleteLifecycleAction(ctx context.Context, in *autoscaling.CompleteLifecycleActionInput, optFns ...func(*autoscaling.Options)) (*autoscaling.CompleteLifecycleActionOutput, error) {
	return call(ctx, w.g, "CompleteLifecycleAction", func() (*autoscaling.CompleteLifecycleActionOutput, error) {
		return w.c.CompleteLifecycleAction(ctx, in, optFns...)
	})
}
