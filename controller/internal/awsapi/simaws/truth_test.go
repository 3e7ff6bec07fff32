package simaws

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// scenario drives a cloud with random boot times and a fault mix through a
// rollout-like call sequence and returns the truth at a few points.
func scenario(t *testing.T, seed uint64) []Truth {
	f := newFixture(t, func(c *Config) {
		c.Seed = seed
		c.Boot, c.AppStart = Range{40 * time.Second, 60 * time.Second}, Range{5 * time.Second, 10 * time.Second}
		c.HealthCheck = TunedHealthCheck()
	})
	f.c.SetFaults(FaultConfig{ErrorRate: 0.2, ThrottleRate: 0.2, StaleReadRate: 0.3})
	f.c.BreakAMI("ami-flap", AppFlapping)
	hooks := []astypes.LifecycleHookSpecification{{LifecycleHookName: aws.String("ready"), LifecycleTransition: aws.String(transitionLaunching)}}
	var truths []Truth
	for step := range 40 {
		switch step % 8 {
		case 0:
			in := f.createInput(fmt.Sprintf("web-v%03d", step), int32(1+step%3))
			in.LifecycleHookSpecificationList = hooks
			_, _ = f.c.CreateAutoScalingGroup(f.ctx, in)
		case 2:
			_, _ = f.c.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String("web-v000"), DesiredCapacity: aws.Int32(int32(step % 5))})
		case 4:
			f.setWeightsBestEffort(int32(step))
		case 6:
			_, _ = f.c.DescribeAutoScalingGroups(f.ctx, nil)
			f.c.BreakAMI("ami-blue", AppFlapping)
		case 7:
			_, _ = f.c.DeleteAutoScalingGroup(f.ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String(fmt.Sprintf("web-v%03d", step-7)), ForceDelete: aws.Bool(true)})
		}
		f.advance(17 * time.Second)
		if step%10 == 9 {
			truths = append(truths, f.c.Truth())
		}
	}
	return truths
}

// setWeightsBestEffort shifts weights, ignoring injected faults.
func (f *fixture) setWeightsBestEffort(w int32) {
	actions := []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{
		TargetGroups: []elbtypes.TargetGroupTuple{
			{TargetGroupArn: aws.String(f.blue), Weight: aws.Int32(100 - w)},
			{TargetGroupArn: aws.String(f.green), Weight: aws.Int32(w)},
		},
	}}}
	_, _ = f.c.ModifyListener(f.ctx, &elbv2.ModifyListenerInput{ListenerArn: aws.String(f.listener), DefaultActions: actions})
}

func TestDeterminism(t *testing.T) {
	a, b := scenario(t, 42), scenario(t, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("same seed, same calls, different truth:\n%+v\n%+v", a, b)
	}
	if reflect.DeepEqual(a, scenario(t, 43)) {
		t.Fatal("a different seed should give a different world")
	}
	if len(a[len(a)-1].Groups) == 0 {
		t.Fatal("scenario made no groups")
	}
}

func TestOutputsAreDeepCopies(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 1, nil)
	d := f.describe("web-v001")
	d.Tags[0].Value = aws.String("mutated")
	d.TargetGroupARNs[0] = "mutated"
	d.Instances[0].LifecycleState = "mutated"
	*d.DesiredCapacity = 9
	if again := f.describe("web-v001"); aws.ToString(again.Tags[0].Value) != "web" || again.TargetGroupARNs[0] != f.blue ||
		again.Instances[0].LifecycleState != "Pending" || aws.ToInt32(again.DesiredCapacity) != 1 {
		t.Fatalf("describe output aliases state: %+v", again)
	}
	tr := f.c.Truth()
	tr.Groups["web-v001"].Tags["asgctl:service"] = "mutated"
	tr.Groups["web-v001"].Instances[0] = TruthInstance{}
	tr.Listeners[f.listener][f.blue] = 0
	again := f.c.Truth()
	if again.Groups["web-v001"].Tags["asgctl:service"] != "web" || again.Groups["web-v001"].Instances[0].ID == "" || again.Listeners[f.listener][f.blue] != 100 {
		t.Fatalf("truth aliases state: %+v", again)
	}
	out, _ := f.c.DescribeListeners(f.ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{f.listener}})
	out.Listeners[0].DefaultActions[0].ForwardConfig.TargetGroups[0].Weight = aws.Int32(7)
	if w := f.listenerWeights(); w[f.blue] != 100 {
		t.Fatalf("listener output aliases state: %v", w)
	}
}

func TestDescribeAlarms(t *testing.T) {
	f := newFixture(t, nil)
	f.c.CreateAlarm("web-5xx")
	f.c.CreateAlarm("web-latency")
	f.c.SetAlarmState("web-5xx", "ALARM")
	out, err := f.c.DescribeAlarms(f.ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"web-5xx", "web-latency", "nope"}})
	if err != nil || len(out.MetricAlarms) != 2 {
		t.Fatalf("%v %+v", err, out)
	}
	if a := out.MetricAlarms[0]; aws.ToString(a.AlarmName) != "web-5xx" || a.StateValue != cwtypes.StateValueAlarm {
		t.Fatalf("first alarm: %+v", a)
	}
	if a := out.MetricAlarms[1]; a.StateValue != cwtypes.StateValueOk {
		t.Fatalf("second alarm: %+v", a)
	}
	out, _ = f.c.DescribeAlarms(f.ctx, &cloudwatch.DescribeAlarmsInput{StateValue: cwtypes.StateValueAlarm})
	if len(out.MetricAlarms) != 1 || f.c.Truth().Alarms["web-5xx"] != "ALARM" {
		t.Fatalf("by state: %+v", out.MetricAlarms)
	}
}

func TestConcurrentUse(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 2, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				_, _ = f.c.DescribeAutoScalingGroups(f.ctx, nil)
				_, _ = f.c.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String("web-v001"), DesiredCapacity: aws.Int32(int32((i + j) % 4))})
				_ = f.c.Truth()
				_ = f.c.Serving(f.blue)
				if i == 0 {
					f.advance(time.Second)
				}
			}
		}()
	}
	wg.Wait()
}
