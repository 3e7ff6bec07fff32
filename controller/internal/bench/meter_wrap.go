package bench

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// The metered wrappers put every awsapi call behind Meter.gate.

type meteredAutoScaling struct {
	c awsapi.AutoScaling
	g func(context.Context, string) error
}

var _ awsapi.AutoScaling = (*meteredAutoScaling)(nil)

func (w *meteredAutoScaling) DescribeAutoScalingGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	return metered(ctx, w.g, "DescribeAutoScalingGroups", func() (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
		return w.c.DescribeAutoScalingGroups(ctx, in, optFns...)
	})
}

func (w *meteredAutoScaling) CreateAutoScalingGroup(ctx context.Context, in *autoscaling.CreateAutoScalingGroupInput, optFns ...func(*autoscaling.Options)) (*autoscaling.CreateAutoScalingGroupOutput, error) {
	return metered(ctx, w.g, "CreateAutoScalingGroup", func() (*autoscaling.CreateAutoScalingGroupOutput, error) {
		return w.c.CreateAutoScalingGroup(ctx, in, optFns...)
	})
}

func (w *meteredAutoScaling) UpdateAutoScalingGroup(ctx context.Context, in *autoscaling.UpdateAutoScalingGroupInput, optFns ...func(*autoscaling.Options)) (*autoscaling.UpdateAutoScalingGroupOutput, error) {
	return metered(ctx, w.g, "UpdateAutoScalingGroup", func() (*autoscaling.UpdateAutoScalingGroupOutput, error) {
		return w.c.UpdateAutoScalingGroup(ctx, in, optFns...)
	})
}

func (w *meteredAutoScaling) DeleteAutoScalingGroup(ctx context.Context, in *autoscaling.DeleteAutoScalingGroupInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DeleteAutoScalingGroupOutput, error) {
	return metered(ctx, w.g, "DeleteAutoScalingGroup", func() (*autoscaling.DeleteAutoScalingGroupOutput, error) {
		return w.c.DeleteAutoScalingGroup(ctx, in, optFns...)
	})
}

func (w *meteredAutoScaling) SuspendProcesses(ctx context.Context, in *autoscaling.SuspendProcessesInput, optFns ...func(*autoscaling.Options)) (*autoscaling.SuspendProcessesOutput, error) {
	return metered(ctx, w.g, "SuspendProcesses", func() (*autoscaling.SuspendProcessesOutput, error) { return w.c.SuspendProcesses(ctx, in, optFns...) })
}

func (w *meteredAutoScaling) ResumeProcesses(ctx context.Context, in *autoscaling.ResumeProcessesInput, optFns ...func(*autoscaling.Options)) (*autoscaling.ResumeProcessesOutput, error) {
	return metered(ctx, w.g, "ResumeProcesses", func() (*autoscaling.ResumeProcessesOutput, error) { return w.c.ResumeProcesses(ctx, in, optFns...) })
}

func (w *meteredAutoScaling) CompleteLifecycleAction(ctx context.Context, in *autoscaling.CompleteLifecycleActionInput, optFns ...func(*autoscaling.Options)) (*autoscaling.CompleteLifecycleActionOutput, error) {
	return metered(ctx, w.g, "CompleteLifecycleAction", func() (*autoscaling.CompleteLifecycleActionOutput, error) {
		return w.c.CompleteLifecycleAction(ctx, in, optFns...)
	})
}

type meteredEC2 struct {
	c awsapi.EC2
	g func(context.Context, string) error
}

var _ awsapi.EC2 = (*meteredEC2)(nil)

func (w *meteredEC2) CreateLaunchTemplateVersion(ctx context.Context, in *ec2.CreateLaunchTemplateVersionInput, optFns ...func(*ec2.Options)) (*ec2.CreateLaunchTemplateVersionOutput, error) {
	return metered(ctx, w.g, "CreateLaunchTemplateVersion", func() (*ec2.CreateLaunchTemplateVersionOutput, error) {
		return w.c.CreateLaunchTemplateVersion(ctx, in, optFns...)
	})
}

func (w *meteredEC2) DescribeLaunchTemplateVersions(ctx context.Context, in *ec2.DescribeLaunchTemplateVersionsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
	return metered(ctx, w.g, "DescribeLaunchTemplateVersions", func() (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
		return w.c.DescribeLaunchTemplateVersions(ctx, in, optFns...)
	})
}

type meteredELBv2 struct {
	c awsapi.ELBv2
	g func(context.Context, string) error
}

var _ awsapi.ELBv2 = (*meteredELBv2)(nil)

func (w *meteredELBv2) DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	return metered(ctx, w.g, "DescribeListeners", func() (*elbv2.DescribeListenersOutput, error) { return w.c.DescribeListeners(ctx, in, optFns...) })
}

func (w *meteredELBv2) ModifyListener(ctx context.Context, in *elbv2.ModifyListenerInput, optFns ...func(*elbv2.Options)) (*elbv2.ModifyListenerOutput, error) {
	return metered(ctx, w.g, "ModifyListener", func() (*elbv2.ModifyListenerOutput, error) { return w.c.ModifyListener(ctx, in, optFns...) })
}

func (w *meteredELBv2) DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	return metered(ctx, w.g, "DescribeRules", func() (*elbv2.DescribeRulesOutput, error) { return w.c.DescribeRules(ctx, in, optFns...) })
}

func (w *meteredELBv2) ModifyRule(ctx context.Context, in *elbv2.ModifyRuleInput, optFns ...func(*elbv2.Options)) (*elbv2.ModifyRuleOutput, error) {
	return metered(ctx, w.g, "ModifyRule", func() (*elbv2.ModifyRuleOutput, error) { return w.c.ModifyRule(ctx, in, optFns...) })
}

func (w *meteredELBv2) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	return metered(ctx, w.g, "DescribeTargetHealth", func() (*elbv2.DescribeTargetHealthOutput, error) { return w.c.DescribeTargetHealth(ctx, in, optFns...) })
}

func (w *meteredELBv2) DescribeTargetGroups(ctx context.Context, in *elbv2.DescribeTargetGroupsInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error) {
	return metered(ctx, w.g, "DescribeTargetGroups", func() (*elbv2.DescribeTargetGroupsOutput, error) { return w.c.DescribeTargetGroups(ctx, in, optFns...) })
}

type meteredCloudWatch struct {
	c awsapi.CloudWatch
	g func(context.Context, string) error
}

var _ awsapi.CloudWatch = (*meteredCloudWatch)(nil)

func (w *meteredCloudWatch) DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	return metered(ctx, w.g, "DescribeAlarms", func() (*cloudwatch.DescribeAlarmsOutput, error) { return w.c.DescribeAlarms(ctx, in, optFns...) })
}
