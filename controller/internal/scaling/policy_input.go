package scaling

import (
	"math"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/api"
)

// Policy types as Auto Scaling names them.
const (
	policyTypeTargetTracking = "TargetTrackingScaling"
	policyTypeStep           = "StepScaling"
	policyTypeSimple         = "SimpleScaling"
	policyTypePredictive     = "PredictiveScaling"
	// aggregationAverage is the only metric aggregation a step policy of
	// the spec uses (and the one AWS assumes when none is given).
	aggregationAverage = "Average"
)

// PutPolicyInput is the PutScalingPolicy request that puts p on group. It
// states every setting the spec has, enabled and the default metric
// aggregation included, so a put also repairs a policy changed by hand.
// "{group}" dimension values are replaced by group. It sets no
// EstimatedInstanceWarmup: the policies use the group's default instance
// warmup. A policy that sets no kind gives a request with only the names.
func PutPolicyInput(group string, p Policy) *autoscaling.PutScalingPolicyInput {
	in := &autoscaling.PutScalingPolicyInput{
		AutoScalingGroupName: aws.String(group),
		PolicyName:           aws.String(p.Name),
		Enabled:              aws.Bool(true),
	}
	switch {
	case p.TargetTracking != nil:
		in.PolicyType = aws.String(policyTypeTargetTracking)
		in.TargetTrackingConfiguration = targetTrackingConfig(group, p.TargetTracking, p.ResourceLabel)
	case p.Step != nil:
		s := p.Step
		in.PolicyType = aws.String(policyTypeStep)
		in.AdjustmentType = aws.String(s.AdjustmentType)
		in.MetricAggregationType = aws.String(aggregationAverage)
		for _, st := range s.Steps {
			in.StepAdjustments = append(in.StepAdjustments, astypes.StepAdjustment{
				MetricIntervalLowerBound: floatPtr(st.Lower),
				MetricIntervalUpperBound: floatPtr(st.Upper),
				ScalingAdjustment:        aws.Int32(int32of(st.Adjustment)),
			})
		}
		if s.MinAdjustmentMagnitude > 0 {
			in.MinAdjustmentMagnitude = aws.Int32(int32of(s.MinAdjustmentMagnitude))
		}
	case p.Simple != nil:
		s := p.Simple
		in.PolicyType = aws.String(policyTypeSimple)
		in.AdjustmentType = aws.String(s.AdjustmentType)
		in.ScalingAdjustment = aws.Int32(int32of(s.Adjustment))
		if s.Cooldown > 0 {
			in.Cooldown = aws.Int32(seconds(s.Cooldown))
		}
	}
	return in
}

func targetTrackingConfig(group string, t *api.TargetTracking, label string) *astypes.TargetTrackingConfiguration {
	out := &astypes.TargetTrackingConfiguration{
		TargetValue:    aws.Float64(t.Target),
		DisableScaleIn: aws.Bool(t.DisableScaleIn),
	}
	if m := t.CustomMetric; m != nil {
		out.CustomizedMetricSpecification = &astypes.CustomizedMetricSpecification{
			Namespace:  aws.String(m.Namespace),
			MetricName: aws.String(m.Name),
			Dimensions: asDimensions(m.Dimensions, group),
			Statistic:  astypes.MetricStatistic(m.Statistic),
			Unit:       optString(m.Unit),
		}
		return out
	}
	out.PredefinedMetricSpecification = &astypes.PredefinedMetricSpecification{
		PredefinedMetricType: astypes.MetricType(t.Metric),
		ResourceLabel:        optString(label),
	}
	return out
}

// asDimensions lists dims sorted by name, "{group}" replaced by group.
func asDimensions(dims map[string]string, group string) []astypes.MetricDimension {
	var out []astypes.MetricDimension
	for _, k := range sortedKeys(dims) {
		out = append(out, astypes.MetricDimension{Name: aws.String(k), Value: aws.String(groupValue(dims[k], group))})
	}
	return out
}

func groupValue(v, group string) string {
	if v == api.GroupPlaceholder {
		return group
	}
	return v
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// optString is nil for an empty string.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// int32of clamps v into an int32; Want rejects values that do not fit.
func int32of(v int) int32 {
	return int32(max(math.MinInt32, min(v, math.MaxInt32)))
}
