package scaling

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/api"
)

func wantPolicyNamed(t *testing.T, c Config, name string) Policy {
	t.Helper()
	i := slices.IndexFunc(c.Policies, func(p Policy) bool { return p.Name == name })
	if i < 0 {
		t.Fatalf("no policy %q", name)
	}
	return c.Policies[i]
}

func TestPutAlarmInput(t *testing.T) {
	c := mustWant(t, fullSpec(), testTGBlue)
	const arn = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/web-v007:policyName/step"
	in := PutAlarmInput(testGroup, wantPolicyNamed(t, c, "step"), arn)
	if aws.ToString(in.AlarmName) != "web-v007-step" || AlarmName(testGroup, "step") != "web-v007-step" {
		t.Errorf("alarm name %q", aws.ToString(in.AlarmName))
	}
	if !slices.Equal(in.AlarmActions, []string{arn}) || len(in.OKActions)+len(in.InsufficientDataActions) != 0 || !aws.ToBool(in.ActionsEnabled) {
		t.Errorf("actions %q ok %q insufficient %q enabled %v", in.AlarmActions, in.OKActions, in.InsufficientDataActions, in.ActionsEnabled)
	}
	wantDims := []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(testGroup)}, {Name: aws.String("Stage"), Value: aws.String("prod")}}
	if asJSON(in.Dimensions) != asJSON(wantDims) {
		t.Errorf("dimensions %s, want %s", asJSON(in.Dimensions), asJSON(wantDims))
	}
	if aws.ToInt32(in.Period) != 10 || aws.ToInt32(in.EvaluationPeriods) != 3 || aws.ToFloat64(in.Threshold) != -2.5 ||
		in.ComparisonOperator != cwtypes.ComparisonOperatorLessThanOrEqualToThreshold || in.Statistic != cwtypes.StatisticMaximum ||
		in.Unit != cwtypes.StandardUnitSeconds || aws.ToString(in.Namespace) != "Custom/App" || aws.ToString(in.MetricName) != "Latency" {
		t.Errorf("alarm settings %s", asJSON(in))
	}
	// The placeholder is substituted even in a policy that did not go through Want.
	raw := Policy{ScalingPolicy: fullSpec().ScalingPolicies[2]}
	if in := PutAlarmInput("web-v009", raw, arn); aws.ToString(in.Dimensions[0].Value) != "web-v009" {
		t.Errorf("placeholder not substituted: %s", asJSON(in.Dimensions))
	}
	if in := PutAlarmInput(testGroup, wantPolicyNamed(t, c, "latency"), arn); in != nil {
		t.Errorf("target tracking policy got an alarm: %s", asJSON(in))
	}
}

func TestPutPolicyInput(t *testing.T) {
	c := mustWant(t, mixedSpec(), testTGBlue)
	req := PutPolicyInput(testGroup, wantPolicyNamed(t, c, "requests"))
	pre := req.TargetTrackingConfiguration.PredefinedMetricSpecification
	if aws.ToString(req.PolicyType) != "TargetTrackingScaling" || pre.PredefinedMetricType != astypes.MetricTypeALBRequestCountPerTarget ||
		aws.ToString(pre.ResourceLabel) != testLabel || !aws.ToBool(req.Enabled) || aws.ToString(req.AutoScalingGroupName) != testGroup {
		t.Errorf("ALB request: %s", asJSON(req))
	}
	step := PutPolicyInput(testGroup, wantPolicyNamed(t, c, "step"))
	if aws.ToString(step.MetricAggregationType) != "Average" || aws.ToInt32(step.MinAdjustmentMagnitude) != 2 || len(step.StepAdjustments) != 3 ||
		step.StepAdjustments[2].MetricIntervalUpperBound != nil || aws.ToFloat64(step.StepAdjustments[2].MetricIntervalLowerBound) != 10.5 {
		t.Errorf("step request: %s", asJSON(step))
	}
	simple := PutPolicyInput(testGroup, wantPolicyNamed(t, c, "simple"))
	if aws.ToString(simple.PolicyType) != "SimpleScaling" || aws.ToInt32(simple.Cooldown) != 90 || aws.ToInt32(simple.ScalingAdjustment) != -2 {
		t.Errorf("simple request: %s", asJSON(simple))
	}
	z := mustWant(t, zeroSpec(), testTGBlue)
	if in := PutPolicyInput(testGroup, wantPolicyNamed(t, z, "simple")); in.Cooldown != nil {
		t.Errorf("an unset cooldown was sent as %d", *in.Cooldown)
	}
	if in := PutPolicyInput(testGroup, wantPolicyNamed(t, z, "queue")); in.TargetTrackingConfiguration.CustomizedMetricSpecification.Unit != nil {
		t.Error("an empty unit was sent")
	}
}

func TestPutScheduledInput(t *testing.T) {
	in := PutScheduledInput(testGroup, api.ScheduledAction{Name: "night", Recurrence: "0 22 * * *", Desired: ptr(0)})
	if aws.ToString(in.TimeZone) != "Etc/UTC" || in.MinSize != nil || in.MaxSize != nil || aws.ToInt32(in.DesiredCapacity) != 0 ||
		in.DesiredCapacity == nil || in.StartTime != nil || in.EndTime != nil || aws.ToString(in.Recurrence) != "0 22 * * *" {
		t.Errorf("request %s", asJSON(in))
	}
	in = PutScheduledInput(testGroup, api.ScheduledAction{Name: "am", Recurrence: "0 7 * * *", TimeZone: "Europe/Berlin", Min: ptr(1), Max: ptr(5)})
	if aws.ToString(in.TimeZone) != "Europe/Berlin" || aws.ToInt32(in.MinSize) != 1 || aws.ToInt32(in.MaxSize) != 5 {
		t.Errorf("request %s", asJSON(in))
	}
}
