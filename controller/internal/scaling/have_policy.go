package scaling

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/api"
)

// defaultCustomPeriod is the period, in seconds, of a custom
// target-tracking metric that names none.
const defaultCustomPeriod = 60

// havePolicy converts one policy AWS shows, or says why it cannot: the
// reason completes a sentence that starts with the policy's name.
func havePolicy(sp astypes.ScalingPolicy, alarms map[string]cwtypes.MetricAlarm) (Policy, string) {
	if sp.Enabled != nil && !*sp.Enabled {
		return Policy{}, "is disabled; the spec's policies are always enabled"
	}
	var (
		p   Policy
		why string
	)
	switch t := aws.ToString(sp.PolicyType); t {
	case policyTypeTargetTracking:
		p, why = haveTargetTracking(sp.TargetTrackingConfiguration)
	case policyTypeStep:
		p, why = haveStep(sp, alarms)
	case policyTypeSimple, "":
		p, why = haveSimple(sp, alarms)
	case policyTypePredictive:
		return Policy{}, "is a predictive scaling policy, which the spec cannot express"
	default:
		return Policy{}, fmt.Sprintf("has the policy type %q, which the spec cannot express", t)
	}
	p.Name = aws.ToString(sp.PolicyName)
	return p, why
}

func haveTargetTracking(cfg *astypes.TargetTrackingConfiguration) (Policy, string) {
	if cfg == nil {
		return Policy{}, "is a target tracking policy without a configuration"
	}
	t := &api.TargetTracking{Target: aws.ToFloat64(cfg.TargetValue), DisableScaleIn: aws.ToBool(cfg.DisableScaleIn)}
	p := Policy{ScalingPolicy: api.ScalingPolicy{TargetTracking: t}}
	if !isFinite(t.Target) {
		return Policy{}, fmt.Sprintf("has the target %g, which is not a finite number", t.Target)
	}
	switch pre, cm := cfg.PredefinedMetricSpecification, cfg.CustomizedMetricSpecification; {
	case pre != nil:
		t.Metric = string(pre.PredefinedMetricType)
		if !slices.Contains(api.PredefinedMetrics, t.Metric) {
			return Policy{}, fmt.Sprintf("tracks the predefined metric %q, which is not one of %s", t.Metric, strings.Join(api.PredefinedMetrics, ", "))
		}
		if t.Metric == api.MetricRequestsPerTarg {
			p.ResourceLabel = aws.ToString(pre.ResourceLabel)
		}
	case cm != nil:
		m, why := haveCustomMetric(cm)
		if why != "" {
			return Policy{}, why
		}
		t.CustomMetric = &m
	default:
		return Policy{}, "is a target tracking policy that names no metric"
	}
	return p, ""
}

func haveCustomMetric(cm *astypes.CustomizedMetricSpecification) (api.CustomMetric, string) {
	if len(cm.Metrics) > 0 {
		return api.CustomMetric{}, "tracks a metric math expression, which the spec cannot express"
	}
	if cm.Period != nil && *cm.Period != defaultCustomPeriod {
		return api.CustomMetric{}, fmt.Sprintf("tracks its metric at a %d-second period; the spec's custom metrics use the default %d seconds",
			*cm.Period, defaultCustomPeriod)
	}
	dims := map[string]string{}
	for _, d := range cm.Dimensions {
		name := aws.ToString(d.Name)
		if _, dup := dims[name]; dup {
			return api.CustomMetric{}, fmt.Sprintf("names the metric dimension %q twice", name)
		}
		dims[name] = aws.ToString(d.Value)
	}
	return api.CustomMetric{
		Namespace: aws.ToString(cm.Namespace), Name: aws.ToString(cm.MetricName), Dimensions: dims,
		Statistic: string(cm.Statistic), Unit: aws.ToString(cm.Unit),
	}, ""
}

func haveStep(sp astypes.ScalingPolicy, alarms map[string]cwtypes.MetricAlarm) (Policy, string) {
	if agg := aws.ToString(sp.MetricAggregationType); agg != "" && agg != aggregationAverage {
		return Policy{}, fmt.Sprintf("aggregates its metric by %s; the spec's step policies use %s", agg, aggregationAverage)
	}
	s := &api.StepScaling{AdjustmentType: aws.ToString(sp.AdjustmentType), MinAdjustmentMagnitude: minMagnitude(sp)}
	for _, st := range sp.StepAdjustments {
		if !isFinite(boundOr(st.MetricIntervalLowerBound, 0)) || !isFinite(boundOr(st.MetricIntervalUpperBound, 0)) {
			return Policy{}, "has a step bound that is not a finite number"
		}
		s.Steps = append(s.Steps, api.ScalingStep{
			Lower: floatPtr(st.MetricIntervalLowerBound), Upper: floatPtr(st.MetricIntervalUpperBound),
			Adjustment: int(aws.ToInt32(st.ScalingAdjustment)),
		})
	}
	a, name, why := haveAlarm(sp, alarms)
	if why != "" {
		return Policy{}, why
	}
	s.Alarm = a
	return Policy{ScalingPolicy: api.ScalingPolicy{Step: s}, AlarmName: name}, ""
}

// minMagnitude is the policy's MinAdjustmentMagnitude, 0 when unset.
func minMagnitude(sp astypes.ScalingPolicy) int {
	return int(aws.ToInt32(sp.MinAdjustmentMagnitude))
}

func haveSimple(sp astypes.ScalingPolicy, alarms map[string]cwtypes.MetricAlarm) (Policy, string) {
	if m := minMagnitude(sp); m != 0 {
		return Policy{}, fmt.Sprintf("has a minimum adjustment magnitude of %d, which the spec's simple policies do not have", m)
	}
	a, name, why := haveAlarm(sp, alarms)
	if why != "" {
		return Policy{}, why
	}
	s := &api.SimpleScaling{
		AdjustmentType: aws.ToString(sp.AdjustmentType),
		Adjustment:     int(aws.ToInt32(sp.ScalingAdjustment)),
		Cooldown:       secondsDuration(aws.ToInt32(sp.Cooldown)),
		Alarm:          a,
	}
	return Policy{ScalingPolicy: api.ScalingPolicy{Simple: s}, AlarmName: name}, ""
}

func isFinite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}
