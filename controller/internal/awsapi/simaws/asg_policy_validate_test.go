package simaws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

func TestPutScalingPolicyValidation(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	label := "app/sim-alb/0123456789abcdef/" + f.blue[len("arn:aws:elasticloadbalancing:us-east-1:123456789012:"):]
	for name, tc := range map[string]struct {
		mut  func(*autoscaling.PutScalingPolicyInput)
		code string
	}{
		"valid":                 {func(*autoscaling.PutScalingPolicyInput) {}, ""},
		"alb label of attached": {func(in *autoscaling.PutScalingPolicyInput) { setALB(in, label) }, ""},
		"alb without label":     {func(in *autoscaling.PutScalingPolicyInput) { setALB(in, "") }, codeValidation},
		"alb label unattached": {func(in *autoscaling.PutScalingPolicyInput) {
			setALB(in, "app/sim-alb/0123456789abcdef/"+f.green[len("arn:aws:elasticloadbalancing:us-east-1:123456789012:"):])
		}, codeValidation},
		"label on cpu": {func(in *autoscaling.PutScalingPolicyInput) {
			in.TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel = aws.String(label)
		}, codeValidation},
		"both metrics": {func(in *autoscaling.PutScalingPolicyInput) {
			in.TargetTrackingConfiguration.CustomizedMetricSpecification = &astypes.CustomizedMetricSpecification{
				MetricName: aws.String("m"), Namespace: aws.String("n"), Statistic: astypes.MetricStatisticSum}
		}, codeValidation},
		"adjustment type on tracking": {func(in *autoscaling.PutScalingPolicyInput) { in.AdjustmentType = aws.String("ChangeInCapacity") }, codeValidation},
		"unknown type":                {func(in *autoscaling.PutScalingPolicyInput) { in.PolicyType = aws.String("Magic") }, codeValidation},
		"customized math two returning": {func(in *autoscaling.PutScalingPolicyInput) {
			in.TargetTrackingConfiguration.PredefinedMetricSpecification = nil
			in.TargetTrackingConfiguration.CustomizedMetricSpecification = &astypes.CustomizedMetricSpecification{Metrics: []astypes.TargetTrackingMetricDataQuery{
				{Id: aws.String("a"), Expression: aws.String("1")}, {Id: aws.String("b"), Expression: aws.String("2")}}}
		}, codeValidation},
		"customized math one returning": {func(in *autoscaling.PutScalingPolicyInput) {
			in.TargetTrackingConfiguration.PredefinedMetricSpecification = nil
			in.TargetTrackingConfiguration.CustomizedMetricSpecification = &astypes.CustomizedMetricSpecification{Metrics: []astypes.TargetTrackingMetricDataQuery{
				{Id: aws.String("a"), Expression: aws.String("1"), ReturnData: aws.Bool(false)}, {Id: aws.String("b"), Expression: aws.String("a*2")}}}
		}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			in := cpuPolicy("web-v001", "p", 50)
			tc.mut(in)
			_, err := f.c.PutScalingPolicy(f.ctx, in)
			wantCode(t, err, tc.code)
		})
	}
}

func setALB(in *autoscaling.PutScalingPolicyInput, label string) {
	in.TargetTrackingConfiguration.PredefinedMetricSpecification = &astypes.PredefinedMetricSpecification{
		PredefinedMetricType: astypes.MetricTypeALBRequestCountPerTarget}
	if label != "" {
		in.TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel = aws.String(label)
	}
}

func TestStepAdjustmentValidation(t *testing.T) {
	step := func(lo, hi *float64, adj int32) astypes.StepAdjustment {
		return astypes.StepAdjustment{MetricIntervalLowerBound: lo, MetricIntervalUpperBound: hi, ScalingAdjustment: aws.Int32(adj)}
	}
	f0, f10, f20 := aws.Float64(0), aws.Float64(10), aws.Float64(20)
	for name, tc := range map[string]struct {
		steps []astypes.StepAdjustment
		ok    bool
	}{
		"contiguous, out of order": {[]astypes.StepAdjustment{step(f10, nil, 2), step(nil, f0, -1), step(f0, f10, 1)}, true},
		"gap":                      {[]astypes.StepAdjustment{step(f0, f10, 1), step(f20, nil, 2)}, false},
		"overlap":                  {[]astypes.StepAdjustment{step(f0, f20, 1), step(f10, nil, 2)}, false},
		"two unbounded above":      {[]astypes.StepAdjustment{step(f0, nil, 1), step(f10, nil, 2)}, false},
		"empty interval":           {[]astypes.StepAdjustment{step(f10, f10, 1)}, false},
		"no adjustment":            {[]astypes.StepAdjustment{{MetricIntervalLowerBound: f0}}, false},
	} {
		if err := checkSteps(tc.steps); (err == nil) != tc.ok {
			t.Errorf("%s: checkSteps = %v, want ok %v", name, err, tc.ok)
		}
	}
}
