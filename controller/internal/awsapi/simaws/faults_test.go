package simaws

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/smithy-go"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

func TestFailNext(t *testing.T) {
	f := newFixture(t, nil)
	f.c.FailNext(opCreateAutoScalingGroup, codeThrottling, 2)
	f.c.FailNext(opCreateAutoScalingGroup, codeInternalFailure, 1)
	for _, want := range []string{codeThrottling, codeThrottling, codeInternalFailure} {
		_, err := f.c.CreateAutoScalingGroup(f.ctx, f.createInput("web-v001", 1))
		wantCode(t, err, want)
		if _, ok := f.c.Truth().Groups["web-v001"]; ok {
			t.Fatal("a failed call changed state")
		}
	}
	var ae *smithy.GenericAPIError
	_, err := f.c.DescribeAutoScalingGroups(f.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.c.FailNext(opDescribeAutoScalingGroups, codeUnavailable, 1)
	_, err = f.c.DescribeAutoScalingGroups(f.ctx, nil)
	if !asGeneric(err, &ae) || ae.Fault != smithy.FaultServer {
		t.Fatalf("server fault: %#v", err)
	}
	f.create("web-v001", 1, nil)
	if got := f.c.Calls(); got[opCreateAutoScalingGroup] != 4 || got[opDescribeAutoScalingGroups] != 2 {
		t.Fatalf("calls: %v", got)
	}
	f.c.ResetCalls()
	if got := f.c.Calls(); len(got) != 0 {
		t.Fatalf("after reset: %v", got)
	}
}

func asGeneric(err error, ae **smithy.GenericAPIError) bool {
	g, ok := err.(*smithy.GenericAPIError)
	*ae = g
	return ok
}

func TestThrottlingCodesPerService(t *testing.T) {
	f := newFixture(t, nil)
	f.c.SetFaults(FaultConfig{ThrottleRate: 1})
	calls := []struct {
		name string
		call func() error
		code string
	}{
		{"autoscaling", func() error { _, err := f.c.DescribeAutoScalingGroups(f.ctx, nil); return err }, codeThrottling},
		{"ec2", func() error {
			_, err := f.c.DescribeLaunchTemplateVersions(f.ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt)})
			return err
		}, codeRequestLimit},
		{"elbv2", func() error {
			_, err := f.c.DescribeTargetHealth(f.ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(f.blue)})
			return err
		}, codeThrottling},
		{"cloudwatch", func() error { _, err := f.c.DescribeAlarms(f.ctx, nil); return err }, codeThrottling},
	}
	for _, tc := range calls {
		err := tc.call()
		wantCode(t, err, tc.code)
		if awsapi.Classify(err) != awsapi.ClassThrottled {
			t.Fatalf("%s: %v classifies as %v", tc.name, err, awsapi.Classify(err))
		}
	}
	f.c.SetFaults(FaultConfig{ErrorRate: 1, Ops: []string{opDescribeAlarms}})
	_, err := f.c.DescribeAlarms(f.ctx, nil)
	if code := errCode(err); code != codeInternalFailure && code != codeUnavailable {
		t.Fatalf("error rate: %v", err)
	}
	if _, err := f.c.DescribeAutoScalingGroups(f.ctx, nil); err != nil {
		t.Fatalf("ops outside Ops are not affected: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("an unknown operation name should panic")
		}
	}()
	f.c.FailNext("DescribeAutoscalingGroups", codeThrottling, 1)
}

func TestLatencyAdvancesTheClock(t *testing.T) {
	var f *fixture
	f = newFixture(t, func(c *Config) { c.Advance = func(d time.Duration) { f.clk.Advance(d) } })
	f.c.SetFaults(FaultConfig{Latency: Range{2 * time.Second, 2 * time.Second}, Ops: []string{opDescribeAlarms}})
	if _, err := f.c.DescribeAlarms(f.ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got := f.clk.Now().Sub(t0); got != 2*time.Second {
		t.Fatalf("clock moved %v", got)
	}
}

func TestCanceledContextIsNotACall(t *testing.T) {
	f := newFixture(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.c.DescribeAlarms(ctx, nil)
	if awsapi.Classify(err) != awsapi.ClassCanceled || f.c.Calls()[opDescribeAlarms] != 0 {
		t.Fatalf("err %v, calls %v", err, f.c.Calls())
	}
}

// TestErrorsClassify checks that every error the simulation produces
// classifies as the controller expects.
func TestErrorsClassify(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 1, nil)
	name := aws.String("web-v001")
	cases := []struct {
		name  string
		call  func() error
		class awsapi.Class
	}{
		{"AlreadyExists", func() error { _, err := f.c.CreateAutoScalingGroup(f.ctx, f.createInput("web-v001", 1)); return err }, awsapi.ClassAlreadyExists},
		{"capacity ValidationError", func() error {
			_, err := f.c.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: name, DesiredCapacity: aws.Int32(99)})
			return err
		}, awsapi.ClassValidation},
		{"group not found", func() error {
			_, err := f.c.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String("nope")})
			return err
		}, awsapi.ClassNotFound},
		{"ResourceInUse", func() error {
			_, err := f.c.DeleteAutoScalingGroup(f.ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: name})
			return err
		}, awsapi.ClassInUse},
		{"ScalingActivityInProgress", func() error {
			in := &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: name, ForceDelete: aws.Bool(true)}
			if _, err := f.c.DeleteAutoScalingGroup(f.ctx, in); err != nil {
				return err
			}
			_, err := f.c.DeleteAutoScalingGroup(f.ctx, in)
			return err
		}, awsapi.ClassInUse},
		{"pending delete", func() error {
			_, err := f.c.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: name})
			return err
		}, awsapi.ClassValidation},
		{"lifecycle action", func() error {
			_, err := f.c.CompleteLifecycleAction(f.ctx, &autoscaling.CompleteLifecycleActionInput{AutoScalingGroupName: aws.String("nope")})
			return err
		}, awsapi.ClassNotFound},
		{"launch template", func() error {
			_, err := f.c.DescribeLaunchTemplateVersions(f.ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String("lt-0")})
			return err
		}, awsapi.ClassNotFound},
		{"launch template name", func() error {
			_, err := f.c.DescribeLaunchTemplateVersions(f.ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: aws.String("nope")})
			return err
		}, awsapi.ClassNotFound},
		{"launch template version", func() error {
			_, err := f.c.DescribeLaunchTemplateVersions(f.ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt), Versions: []string{"7"}})
			return err
		}, awsapi.ClassNotFound},
		{"MaxResults", func() error {
			_, err := f.c.DescribeLaunchTemplateVersions(f.ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt), MaxResults: aws.Int32(0)})
			return err
		}, awsapi.ClassValidation},
		{"listener", func() error {
			_, err := f.c.DescribeListeners(f.ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{"arn:nope"}})
			return err
		}, awsapi.ClassNotFound},
		{"rule", func() error {
			_, err := f.c.DescribeRules(f.ctx, &elbv2.DescribeRulesInput{RuleArns: []string{"arn:nope"}})
			return err
		}, awsapi.ClassNotFound},
		{"target group", func() error {
			_, err := f.c.DescribeTargetHealth(f.ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String("arn:nope")})
			return err
		}, awsapi.ClassNotFound},
		{"load balancer", func() error {
			_, err := f.c.DescribeListeners(f.ctx, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String("arn:nope")})
			return err
		}, awsapi.ClassNotFound},
		{"weight", func() error {
			f.setWeights(f.blue, 1, f.green, 1)
			_, err := f.c.DescribeRules(f.ctx, &elbv2.DescribeRulesInput{})
			return err
		}, awsapi.ClassValidation},
		{"alarms", func() error {
			_, err := f.c.DescribeAlarms(f.ctx, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(101)})
			return err
		}, awsapi.ClassValidation},
		{"scripted throttle", func() error {
			f.c.FailNext(opModifyRule, codeThrottling, 1)
			_, err := f.c.ModifyRule(f.ctx, &elbv2.ModifyRuleInput{})
			return err
		}, awsapi.ClassThrottled},
		{"server fault", func() error {
			f.c.FailNext(opModifyListener, codeInternalFailure, 1)
			_, err := f.c.ModifyListener(f.ctx, &elbv2.ModifyListenerInput{})
			return err
		}, awsapi.ClassUnknown},
	}
	for _, tc := range cases {
		err := tc.call()
		if err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		if got := awsapi.Classify(err); got != tc.class {
			t.Errorf("%s: %v classifies as %v, want %v", tc.name, err, got, tc.class)
		}
	}
}
