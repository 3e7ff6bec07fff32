package awsapitest

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// policyPuts are the policies asgctl puts on a group: target tracking on
// CPU, on ALB requests per target (label: albLabel) and on a customized
// metric, a step policy and a simple policy.
func policyPuts(group, label string) []*autoscaling.PutScalingPolicyInput {
	g := aws.String(group)
	tracking := aws.String("TargetTrackingScaling")
	return []*autoscaling.PutScalingPolicyInput{
		{AutoScalingGroupName: g, PolicyName: aws.String("cpu"), PolicyType: tracking, EstimatedInstanceWarmup: aws.Int32(60),
			TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{TargetValue: aws.Float64(50),
				PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization}}},
		{AutoScalingGroupName: g, PolicyName: aws.String("alb"), PolicyType: tracking,
			TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{TargetValue: aws.Float64(1000),
				PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeALBRequestCountPerTarget, ResourceLabel: aws.String(label)}}},
		{AutoScalingGroupName: g, PolicyName: aws.String("queue"), PolicyType: tracking,
			TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{TargetValue: aws.Float64(10),
				CustomizedMetricSpecification: &astypes.CustomizedMetricSpecification{MetricName: aws.String("Backlog"), Namespace: aws.String("asgctl/web"),
					Dimensions: []astypes.MetricDimension{{Name: aws.String("Queue"), Value: aws.String("jobs")}},
					Statistic:  astypes.MetricStatisticAverage, Unit: aws.String("Count")}}},
		stepPut(group, "step-out"),
		simplePut(group, "simple-in"),
	}
}

// stepPut is a step policy: +1 instance from 0 to 20 above the alarm's
// threshold, +2 beyond.
func stepPut(group, name string) *autoscaling.PutScalingPolicyInput {
	return &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: aws.String(group), PolicyName: aws.String(name),
		PolicyType: aws.String("StepScaling"), AdjustmentType: aws.String("ChangeInCapacity"),
		MetricAggregationType: aws.String("Average"), EstimatedInstanceWarmup: aws.Int32(120),
		StepAdjustments: []astypes.StepAdjustment{
			{MetricIntervalLowerBound: aws.Float64(0), MetricIntervalUpperBound: aws.Float64(20), ScalingAdjustment: aws.Int32(1)},
			{MetricIntervalLowerBound: aws.Float64(20), ScalingAdjustment: aws.Int32(2)},
		}}
}

// simplePut is a simple policy removing one instance, with a cooldown.
func simplePut(group, name string) *autoscaling.PutScalingPolicyInput {
	return &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: aws.String(group), PolicyName: aws.String(name),
		PolicyType: aws.String("SimpleScaling"), AdjustmentType: aws.String("ChangeInCapacity"),
		ScalingAdjustment: aws.Int32(-1), Cooldown: aws.Int32(300)}
}

// albLabel is the ResourceLabel of ALBRequestCountPerTarget for a target
// group behind a load balancer: app/<lb>/<id>/targetgroup/<tg>/<id>.
func albLabel(lbARN, tgARN string) string {
	_, lb, _ := strings.Cut(lbARN, ":loadbalancer/")
	_, tg, _ := strings.Cut(tgARN, ":targetgroup/")
	return lb + "/targetgroup/" + tg
}

// policyView is the part of a policy the suite sets, as JSON, to compare a
// put with what describes show.
type policyView struct {
	Type, Adjustment, Aggregation       string
	ScalingAdjustment, Cooldown, Warmup *int32
	Steps                               []astypes.StepAdjustment
	Tracking                            *astypes.TargetTrackingConfiguration
}

func viewOfPut(in *autoscaling.PutScalingPolicyInput) string {
	return policyView{aws.ToString(in.PolicyType), aws.ToString(in.AdjustmentType), aws.ToString(in.MetricAggregationType),
		in.ScalingAdjustment, in.Cooldown, in.EstimatedInstanceWarmup, in.StepAdjustments, in.TargetTrackingConfiguration}.json()
}

func viewOfPolicy(p astypes.ScalingPolicy) string {
	return policyView{aws.ToString(p.PolicyType), aws.ToString(p.AdjustmentType), aws.ToString(p.MetricAggregationType),
		p.ScalingAdjustment, p.Cooldown, p.EstimatedInstanceWarmup, p.StepAdjustments, p.TargetTrackingConfiguration}.json()
}

// json renders the view with steps sorted, no steps as none and an unset
// DisableScaleIn as false.
func (v policyView) json() string {
	if len(v.Steps) == 0 {
		v.Steps = nil
	}
	v.Steps = slices.Clone(v.Steps)
	lower := func(s astypes.StepAdjustment) float64 {
		if s.MetricIntervalLowerBound == nil {
			return math.Inf(-1)
		}
		return *s.MetricIntervalLowerBound
	}
	slices.SortFunc(v.Steps, func(a, b astypes.StepAdjustment) int { return cmp.Compare(lower(a), lower(b)) })
	if v.Tracking != nil {
		tt := *v.Tracking
		tt.DisableScaleIn = aws.Bool(aws.ToBool(tt.DisableScaleIn))
		v.Tracking = &tt
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (s *suite) putPolicy(t *testing.T, in *autoscaling.PutScalingPolicyInput) *autoscaling.PutScalingPolicyOutput {
	t.Helper()
	out, err := s.c.AutoScaling.PutScalingPolicy(t.Context(), in)
	noErr(t, err, "put scaling policy "+aws.ToString(in.PolicyName))
	return out
}

// policies returns a group's policies by name.
func (s *suite) policies(t *testing.T, group string) map[string]astypes.ScalingPolicy {
	t.Helper()
	ps, err := awsapi.GroupPolicies(t.Context(), s.c.AutoScaling, group)
	noErr(t, err, "describe the policies of "+group)
	out := map[string]astypes.ScalingPolicy{}
	for _, p := range ps {
		if _, dup := out[aws.ToString(p.PolicyName)]; dup {
			t.Errorf("group %s has two policies named %s", group, aws.ToString(p.PolicyName))
		}
		out[aws.ToString(p.PolicyName)] = p
	}
	return out
}

func (s *suite) deletePolicy(t *testing.T, group, name string) error {
	_, err := s.c.AutoScaling.DeletePolicy(t.Context(), &autoscaling.DeletePolicyInput{AutoScalingGroupName: aws.String(group), PolicyName: aws.String(name)})
	return err
}

// allPolicies returns every policy of the account, all pages, by
// "<group>/<name>".
func (s *suite) allPolicies(t *testing.T) []string {
	t.Helper()
	var out []string
	in := &autoscaling.DescribePoliciesInput{}
	for {
		page, err := s.c.AutoScaling.DescribePolicies(t.Context(), in)
		noErr(t, err, "describe every policy")
		for _, p := range page.ScalingPolicies {
			out = append(out, aws.ToString(p.AutoScalingGroupName)+"/"+aws.ToString(p.PolicyName))
		}
		if aws.ToString(page.NextToken) == "" {
			return out
		}
		in.NextToken = page.NextToken
	}
}
