package simaws

import (
	"math"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

var (
	policyTypes      = []string{policySimple, policyStep, policyTracking, policyPredictive}
	adjustmentTypes  = []string{"ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"}
	aggregationTypes = []string{"Minimum", "Maximum", "Average"}
)

// maxStepAdjustments is AWS's quota of step adjustments per policy.
const maxStepAdjustments = 20

// policyField is one PutScalingPolicy parameter: whether the put set it
// and the policy types it is valid for (and then required, when required).
type policyField struct {
	name     string
	set      bool
	types    []string
	required bool
}

func policyFields(in *autoscaling.PutScalingPolicyInput) []policyField {
	simpleStep := []string{policySimple, policyStep}
	return []policyField{
		{"AdjustmentType", in.AdjustmentType != nil, simpleStep, true},
		{"ScalingAdjustment", in.ScalingAdjustment != nil, []string{policySimple}, true},
		{"Cooldown", in.Cooldown != nil, []string{policySimple}, false},
		{"MinAdjustmentMagnitude", in.MinAdjustmentMagnitude != nil, simpleStep, false},
		{"StepAdjustments", len(in.StepAdjustments) > 0, []string{policyStep}, true},
		{"MetricAggregationType", in.MetricAggregationType != nil, []string{policyStep}, false},
		{"EstimatedInstanceWarmup", in.EstimatedInstanceWarmup != nil, []string{policyStep, policyTracking}, false},
		{"TargetTrackingConfiguration", in.TargetTrackingConfiguration != nil, []string{policyTracking}, true},
		{"PredictiveScalingConfiguration", in.PredictiveScalingConfiguration != nil, []string{policyPredictive}, true},
	}
}

// policyDefinition validates a put as Auto Scaling does and returns the
// definition it stores, a copy of the input's parameters. The deprecated
// MinAdjustmentStep is ignored (MinAdjustmentMagnitude replaces it).
func (c *Cloud) policyDefinition(g *group, in *autoscaling.PutScalingPolicyInput) (types.ScalingPolicy, error) {
	in = cloneJSON(in)
	if name := aws.ToString(in.PolicyName); name == "" || len(name) > 255 {
		return types.ScalingPolicy{}, validationError("PolicyName must be 1-255 characters")
	}
	typ := aws.ToString(in.PolicyType)
	if typ == "" {
		typ = policySimple
	}
	if !slices.Contains(policyTypes, typ) {
		return types.ScalingPolicy{}, validationError("PolicyType '%s' is not one of %s", typ, strings.Join(policyTypes, ", "))
	}
	for _, f := range policyFields(in) {
		valid := slices.Contains(f.types, typ)
		switch {
		case f.set && !valid:
			return types.ScalingPolicy{}, validationError("%s is not supported for policy type %s", f.name, typ)
		case !f.set && valid && f.required:
			return types.ScalingPolicy{}, validationError("%s is required for policy type %s", f.name, typ)
		}
	}
	if err := checkAdjustment(in); err != nil {
		return types.ScalingPolicy{}, err
	}
	if err := checkSteps(in.StepAdjustments); err != nil {
		return types.ScalingPolicy{}, err
	}
	if tt := in.TargetTrackingConfiguration; tt != nil {
		if err := c.checkTracking(g, tt); err != nil {
			return types.ScalingPolicy{}, err
		}
		tt.DisableScaleIn = aws.Bool(aws.ToBool(tt.DisableScaleIn))
	}
	return types.ScalingPolicy{
		PolicyType: aws.String(typ), AdjustmentType: in.AdjustmentType, ScalingAdjustment: in.ScalingAdjustment,
		Cooldown: in.Cooldown, MinAdjustmentMagnitude: in.MinAdjustmentMagnitude,
		StepAdjustments: in.StepAdjustments, MetricAggregationType: in.MetricAggregationType,
		EstimatedInstanceWarmup: in.EstimatedInstanceWarmup, TargetTrackingConfiguration: in.TargetTrackingConfiguration,
		PredictiveScalingConfiguration: in.PredictiveScalingConfiguration, Enabled: aws.Bool(in.Enabled == nil || *in.Enabled),
	}, nil
}

// checkAdjustment validates the adjustment settings of a simple or step
// policy and the non-negative durations.
func checkAdjustment(in *autoscaling.PutScalingPolicyInput) error {
	adj := aws.ToString(in.AdjustmentType)
	switch {
	case in.AdjustmentType != nil && !slices.Contains(adjustmentTypes, adj):
		return validationError("AdjustmentType '%s' is not one of %s", adj, strings.Join(adjustmentTypes, ", "))
	case in.MinAdjustmentMagnitude != nil && (adj != "PercentChangeInCapacity" || *in.MinAdjustmentMagnitude < 1):
		return validationError("MinAdjustmentMagnitude must be at least 1 and needs AdjustmentType PercentChangeInCapacity")
	case adj == "ExactCapacity" && aws.ToInt32(in.ScalingAdjustment) < 0:
		return validationError("ScalingAdjustment must not be negative with AdjustmentType ExactCapacity")
	case in.MetricAggregationType != nil && !slices.Contains(aggregationTypes, aws.ToString(in.MetricAggregationType)):
		return validationError("MetricAggregationType '%s' is not one of %s", aws.ToString(in.MetricAggregationType), strings.Join(aggregationTypes, ", "))
	case aws.ToInt32(in.Cooldown) < 0 || aws.ToInt32(in.EstimatedInstanceWarmup) < 0:
		return validationError("Cooldown and EstimatedInstanceWarmup must not be negative")
	}
	return nil
}

// checkSteps validates step adjustments: each has an adjustment, its
// bounds in order; together, at most 20, they cover one range with
// neither overlap nor gap (only the first may lack a lower bound and only
// the last an upper bound).
func checkSteps(steps []types.StepAdjustment) error {
	if len(steps) > maxStepAdjustments {
		return validationError("A policy may have at most %d step adjustments", maxStepAdjustments)
	}
	lower := func(s types.StepAdjustment) float64 {
		if s.MetricIntervalLowerBound == nil {
			return math.Inf(-1)
		}
		return *s.MetricIntervalLowerBound
	}
	upper := func(s types.StepAdjustment) float64 {
		if s.MetricIntervalUpperBound == nil {
			return math.Inf(1)
		}
		return *s.MetricIntervalUpperBound
	}
	sorted := slices.Clone(steps)
	slices.SortStableFunc(sorted, func(a, b types.StepAdjustment) int { return cmpFloat(lower(a), lower(b)) })
	for i, s := range sorted {
		switch {
		case s.ScalingAdjustment == nil:
			return validationError("Every step adjustment needs a ScalingAdjustment")
		case lower(s) >= upper(s):
			return validationError("A step adjustment's lower bound must be below its upper bound")
		case i > 0 && upper(sorted[i-1]) != lower(s):
			return validationError("Step adjustment intervals must neither overlap nor leave gaps")
		}
	}
	return nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
