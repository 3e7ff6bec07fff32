package awsapitest

import (
	"context"
	"maps"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// recorder counts the operations a contract called, failed calls included,
// so the suite can prove that every operation has a contract test. It
// records which operations ran, never their order.
type recorder struct {
	mu    sync.Mutex
	calls map[string]int
}

func (r *recorder) note(op string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.calls == nil {
		r.calls = map[string]int{}
	}
	r.calls[op]++
}

func (r *recorder) called() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.calls)
}

// wrap returns clients that note every call in r and pass it on to c.
func (r *recorder) wrap(c awsapi.Clients) awsapi.Clients {
	return awsapi.Clients{
		AutoScaling: recAutoScaling{r, c.AutoScaling},
		EC2:         recEC2{r, c.EC2},
		ELBv2:       recELBv2{r, c.ELBv2},
		CloudWatch:  recCloudWatch{r, c.CloudWatch},
	}
}

type recAutoScaling struct {
	r    *recorder
	next awsapi.AutoScaling
}

func (a recAutoScaling) DescribeAutoScalingGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, o ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	a.r.note("DescribeAutoScalingGroups")
	return a.next.DescribeAutoScalingGroups(ctx, in, o...)
}

func (a recAutoScaling) CreateAutoScalingGroup(ctx context.Context, in *autoscaling.CreateAutoScalingGroupInput, o ...func(*autoscaling.Options)) (*autoscaling.CreateAutoScalingGroupOutput, error) {
	a.r.note("CreateAutoScalingGroup")
	return a.next.CreateAutoScalingGroup(ctx, in, o...)
}

func (a recAutoScaling) UpdateAutoScalingGroup(ctx context.Context, in *autoscaling.UpdateAutoScalingGroupInput, o ...func(*autoscaling.Options)) (*autoscaling.UpdateAutoScalingGroupOutput, error) {
	a.r.note("UpdateAutoScalingGroup")
	return a.next.UpdateAutoScalingGroup(ctx, in, o...)
}

func (a recAutoScaling) DeleteAutoScalingGroup(ctx context.Context, in *autoscaling.DeleteAutoScalingGroupInput, o ...func(*autoscaling.Options)) (*autoscaling.DeleteAutoScalingGroupOutput, error) {
	a.r.note("DeleteAutoScalingGroup")
	return a.next.DeleteAutoScalingGroup(ctx, in, o...)
}

func (a recAutoScaling) SuspendProcesses(ctx context.Context, in *autoscaling.SuspendProcessesInput, o ...func(*autoscaling.Options)) (*autoscaling.SuspendProcessesOutput, error) {
	a.r.note("SuspendProcesses")
	return a.next.SuspendProcesses(ctx, in, o...)
}

func (a recAutoScaling) ResumeProcesses(ctx context.Context, in *autoscaling.ResumeProcessesInput, o ...func(*autoscaling.Options)) (*autoscaling.ResumeProcessesOutput, error) {
	a.r.note("ResumeProcesses")
	return a.next.ResumeProcesses(ctx, in, o...)
}

func (a recAutoScaling) CompleteLifecycleAction(ctx context.Context, in *autoscaling.CompleteLifecycleActionInput, o ...func(*autoscaling.Options)) (*autoscaling.CompleteLifecycleActionOutput, error) {
	a.r.note("CompleteLifecycleAction")
	return a.next.CompleteLifecycleAction(ctx, in, o...)
}

type recEC2 struct {
	r    *recorder
	next awsapi.EC2
}

func (e recEC2) CreateLaunchTemplateVersion(ctx context.Context, in *ec2.CreateLaunchTemplateVersionInput, o ...func(*ec2.Options)) (*ec2.CreateLaunchTemplateVersionOutput, error) {
	e.r.note("CreateLaunchTemplateVersion")
	return e.next.CreateLaunchTemplateVersion(ctx, in, o...)
}

func (e recEC2) DescribeLaunchTemplateVersions(ctx context.Context, in *ec2.DescribeLaunchTemplateVersionsInput, o ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
	e.r.note("DescribeLaunchTemplateVersions")
	return e.next.DescribeLaunchTemplateVersions(ctx, in, o...)
}

type recELBv2 struct {
	r    *recorder
	next awsapi.ELBv2
}

func (e recELBv2) DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, o ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	e.r.note("DescribeListeners")
	return e.next.DescribeListeners(ctx, in, o...)
}

func (e recELBv2) DescribeLoadBalancers(ctx context.Context, in *elbv2.DescribeLoadBalancersInput, o ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error) {
	e.r.note("DescribeLoadBalancers")
	return e.next.DescribeLoadBalancers(ctx, in, o...)
}

func (e recELBv2) ModifyListener(ctx context.Context, in *elbv2.ModifyListenerInput, o ...func(*elbv2.Options)) (*elbv2.ModifyListenerOutput, error) {
	e.r.note("ModifyListener")
	return e.next.ModifyListener(ctx, in, o...)
}

func (e recELBv2) DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, o ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	e.r.note("DescribeRules")
	return e.next.DescribeRules(ctx, in, o...)
}

func (e recELBv2) ModifyRule(ctx context.Context, in *elbv2.ModifyRuleInput, o ...func(*elbv2.Options)) (*elbv2.ModifyRuleOutput, error) {
	e.r.note("ModifyRule")
	return e.next.ModifyRule(ctx, in, o...)
}

func (e recELBv2) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, o ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	e.r.note("DescribeTargetHealth")
	return e.next.DescribeTargetHealth(ctx, in, o...)
}

func (e recELBv2) DescribeTargetGroups(ctx context.Context, in *elbv2.DescribeTargetGroupsInput, o ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error) {
	e.r.note("DescribeTargetGroups")
	return e.next.DescribeTargetGroups(ctx, in, o...)
}

type recCloudWatch struct {
	r    *recorder
	next awsapi.CloudWatch
}

func (c recCloudWatch) DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, o ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	c.r.note("DescribeAlarms")
	return c.next.DescribeAlarms(ctx, in, o...)
}
