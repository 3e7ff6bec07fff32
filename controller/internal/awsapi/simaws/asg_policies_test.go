package simaws

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

func cpuPolicy(group, name string, target float64) *autoscaling.PutScalingPolicyInput {
	return &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: aws.String(group), PolicyName: aws.String(name),
		PolicyType: aws.String(policyTracking), TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
			TargetValue:                   aws.Float64(target),
			PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization},
		}}
}

func (f *fixture) putPolicy(in *autoscaling.PutScalingPolicyInput) *autoscaling.PutScalingPolicyOutput {
	f.t.Helper()
	out, err := f.c.PutScalingPolicy(f.ctx, in)
	if err != nil {
		f.t.Fatalf("put policy %s: %v", aws.ToString(in.PolicyName), err)
	}
	return out
}

func (f *fixture) alarmNames() []string {
	f.t.Helper()
	out, err := f.c.DescribeAlarms(f.ctx, &cloudwatch.DescribeAlarmsInput{})
	if err != nil {
		f.t.Fatal(err)
	}
	names := []string{}
	for _, a := range out.MetricAlarms {
		names = append(names, aws.ToString(a.AlarmName))
	}
	return names
}

// Deleting a target tracking policy, or its group, deletes the alarms
// Auto Scaling made for it; the alarm store holds them meanwhile.
func TestTrackingAlarmsGoWithTheirPolicy(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	f.create("web-v002", 0, nil)
	first := f.putPolicy(cpuPolicy("web-v001", "cpu", 50))
	second := f.putPolicy(cpuPolicy("web-v002", "cpu", 50))
	if len(first.Alarms) != 2 || len(second.Alarms) != 2 || len(f.alarmNames()) != 4 {
		t.Fatalf("alarms: put returned %d and %d, CloudWatch has %q; want 2, 2 and 4", len(first.Alarms), len(second.Alarms), f.alarmNames())
	}
	if _, err := f.c.DeletePolicy(f.ctx, &autoscaling.DeletePolicyInput{AutoScalingGroupName: aws.String("web-v001"), PolicyName: aws.String("cpu")}); err != nil {
		t.Fatal(err)
	}
	if got, want := f.alarmNames(), []string{aws.ToString(second.Alarms[0].AlarmName), aws.ToString(second.Alarms[1].AlarmName)}; !slices.Equal(got, want) {
		t.Fatalf("after deleting web-v001's policy CloudWatch has %q, want web-v002's %q", got, want)
	}
	if _, err := f.c.DeleteAutoScalingGroup(f.ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("web-v002")}); err != nil {
		t.Fatal(err)
	}
	if got := f.alarmNames(); len(got) != 0 {
		t.Fatalf("after deleting web-v002 CloudWatch has %q, want none", got)
	}
}

// A policy that stops being target tracking loses its alarms; one that
// becomes it again gets new ones.
func TestPolicyTypeChangeReplacesAlarms(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	f.putPolicy(cpuPolicy("web-v001", "p", 50))
	f.putPolicy(&autoscaling.PutScalingPolicyInput{AutoScalingGroupName: aws.String("web-v001"), PolicyName: aws.String("p"),
		AdjustmentType: aws.String("ChangeInCapacity"), ScalingAdjustment: aws.Int32(1)})
	if got := f.alarmNames(); len(got) != 0 {
		t.Fatalf("a simple policy kept target tracking alarms %q", got)
	}
	if out := f.putPolicy(cpuPolicy("web-v001", "p", 50)); len(out.Alarms) != 2 || len(f.alarmNames()) != 2 {
		t.Fatalf("target tracking again: %d alarms returned, CloudWatch has %q", len(out.Alarms), f.alarmNames())
	}
}

// The Cloud keeps a copy of a put: changing the input afterwards, or a
// describe's output, changes nothing.
func TestPutPolicyKeepsACopy(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	in := cpuPolicy("web-v001", "cpu", 50)
	f.putPolicy(in)
	in.TargetTrackingConfiguration.TargetValue = aws.Float64(99)
	ps, err := awsapi.GroupPolicies(f.ctx, f.c, "web-v001")
	if err != nil {
		t.Fatal(err)
	}
	ps[0].TargetTrackingConfiguration.TargetValue = aws.Float64(98)
	ps, err = awsapi.GroupPolicies(f.ctx, f.c, "web-v001")
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToFloat64(ps[0].TargetTrackingConfiguration.TargetValue); got != 50 {
		t.Fatalf("target value %v, want the 50 that was put", got)
	}
}

// Policy and scheduled action ids come from their own source: a seed
// launches the same instances whether or not policies were put first.
func TestPolicyIDsLeaveInstanceIDsAlone(t *testing.T) {
	ids := func(withPolicy bool) []string {
		f := newFixture(t, nil)
		f.create("web-v001", 0, nil)
		if withPolicy {
			f.putPolicy(cpuPolicy("web-v001", "cpu", 50))
		}
		f.setDesired("web-v001", 2)
		var out []string
		for _, inst := range f.group("web-v001").Instances {
			out = append(out, inst.ID)
		}
		return out
	}
	if a, b := ids(false), ids(true); !slices.Equal(a, b) || len(a) != 2 {
		t.Fatalf("instance ids %q without a policy, %q with one; want the same two", a, b)
	}
}

// Every new operation is counted and can be failed on a script.
func TestScalingOperationsCountAndFail(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	f.c.ResetCalls()
	f.c.FailNext(opPutScalingPolicy, codeThrottling, 1)
	_, err := f.c.PutScalingPolicy(f.ctx, cpuPolicy("web-v001", "cpu", 50))
	wantCode(t, err, codeThrottling)
	if ps, _ := awsapi.GroupPolicies(f.ctx, f.c, "web-v001"); len(ps) != 0 {
		t.Fatalf("a failed put left %d policies", len(ps))
	}
	f.putPolicy(cpuPolicy("web-v001", "cpu", 50))
	f.c.FailNext(opDeleteAlarms, codeInternalFailure, 1)
	_, err = f.c.DeleteAlarms(f.ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: f.alarmNames()})
	wantCode(t, err, codeInternalFailure)
	if got := f.c.Calls(); got[opPutScalingPolicy] != 2 || got[opDeleteAlarms] != 1 || got[opDescribePolicies] != 1 || got[opDescribeAlarms] != 1 {
		t.Fatalf("calls = %v", got)
	}
	if len(f.alarmNames()) != 2 {
		t.Fatal("a failed DeleteAlarms deleted alarms")
	}
}

// simaws simulates exactly the operations of the awsapi interfaces.
func TestOperationsAreAwsapis(t *testing.T) {
	var want []string
	for _, op := range awsapi.Operations {
		if op.Service != "sts" {
			want = append(want, op.Name)
		}
	}
	slices.Sort(want)
	if got := Operations(); !slices.Equal(got, want) {
		t.Fatalf("simaws operations %q\nawsapi operations %q", got, want)
	}
}
