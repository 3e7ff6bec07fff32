package scaling

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"pgregory.net/rapid"

	"github.com/asgctl/asgctl/controller/api"
)

func TestAdoptRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tg := rapid.SampledFrom([]string{testTGBlue, testTGGreen}).Draw(t, "tg")
		have, _ := roundTrip(t, mustWant(t, genSpec(t), tg), rapid.Bool().Draw(t, "defaults"))
		s := baseSpec()
		s.ScalingPolicies, s.ScheduledActions = Adopt(have)
		if err := s.Validate(); err != nil {
			t.Fatalf("adopted spec invalid: %v\n%s", err, asJSON(s))
		}
		if again := mustWant(t, s, tg); !again.Equal(have) {
			t.Fatalf("Want(Adopt(have)) differs\nhave %s\nwant %s", asJSON(have), asJSON(again))
		}
	})
}

func TestAdoptEveryKind(t *testing.T) {
	spec := mixedSpec()
	have, _ := roundTrip(t, mustWant(t, spec, testTGBlue), true)
	pols, acts := Adopt(have)
	s := baseSpec()
	s.ScalingPolicies, s.ScheduledActions = pols, acts
	if err := s.Validate(); err != nil {
		t.Fatalf("adopted spec invalid: %v", err)
	}
	for _, p := range pols {
		if p.TargetTracking != nil && p.TargetTracking.CustomMetric != nil &&
			p.TargetTracking.CustomMetric.Dimensions["AutoScalingGroupName"] != api.GroupPlaceholder {
			t.Errorf("policy %q: group dimension not turned back into the placeholder: %v", p.Name, p.TargetTracking.CustomMetric.Dimensions)
		}
	}
	if !mustWant(t, s, testTGBlue).Equal(have) {
		t.Fatal("Want(Adopt(have)) differs from have")
	}
	i := slices.IndexFunc(have.Policies, func(p Policy) bool { return p.Name == "latency" })
	if have.Policies[i].TargetTracking.CustomMetric.Dimensions["AutoScalingGroupName"] != testGroup {
		t.Fatal("Adopt changed the config it was given")
	}
}

// A group built by hand: its step policy's alarm has its own name and a
// dimension naming the group. Adopt gives a spec that renders the same
// policy for any group; on the group itself only the alarm's name changes.
func TestAdoptMigratedGroup(t *testing.T) {
	const legacy = "legacy-web"
	arn := "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:9:autoScalingGroupName/legacy-web:policyName/scale-out"
	policy := astypes.ScalingPolicy{
		AutoScalingGroupName: aws.String(legacy), PolicyName: aws.String("scale-out"), PolicyARN: aws.String(arn),
		PolicyType: aws.String(policyTypeStep), AdjustmentType: aws.String("ChangeInCapacity"), MetricAggregationType: aws.String("Average"),
		StepAdjustments: []astypes.StepAdjustment{{MetricIntervalLowerBound: aws.Float64(0), ScalingAdjustment: aws.Int32(2)}},
		Alarms:          []astypes.Alarm{{AlarmName: aws.String("legacy-cpu-high")}},
	}
	alarm := cwtypes.MetricAlarm{
		AlarmName: aws.String("legacy-cpu-high"), AlarmActions: []string{arn},
		Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"), Statistic: cwtypes.StatisticAverage,
		Dimensions:         []cwtypes.Dimension{{Name: aws.String("AutoScalingGroupName"), Value: aws.String(legacy)}},
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold, Threshold: aws.Float64(75),
		Period: aws.Int32(300), EvaluationPeriods: aws.Int32(2),
	}
	have, problems := Have(legacy, []astypes.ScalingPolicy{policy}, nil, []cwtypes.MetricAlarm{alarm})
	if len(problems) != 0 || len(have.Policies) != 1 || have.Policies[0].AlarmName != "legacy-cpu-high" {
		t.Fatalf("have %s problems %q", asJSON(have), problems)
	}
	s := baseSpec()
	s.ScalingPolicies, s.ScheduledActions = Adopt(have)
	if err := s.Validate(); err != nil {
		t.Fatalf("adopted spec invalid: %v", err)
	}
	if got := s.ScalingPolicies[0].Step.Alarm.Metric.Dimensions["AutoScalingGroupName"]; got != api.GroupPlaceholder {
		t.Fatalf("group dimension adopted as %q", got)
	}
	green, err := Want(s, "web-v001", "")
	if err != nil || green.Policies[0].Step.Alarm.Metric.Dimensions["AutoScalingGroupName"] != "web-v001" || green.Policies[0].AlarmName != "web-v001-scale-out" {
		t.Fatalf("Want for a new group = %s, %v", asJSON(green), err)
	}
	same, err := Want(s, legacy, "")
	if err != nil {
		t.Fatal(err)
	}
	d := Diff(same, have)
	if len(d.PutPolicies) != 1 || !slices.Equal(d.DeleteAlarms, []string{"legacy-cpu-high"}) || len(d.DeletePolicies) != 0 {
		t.Fatalf("on the legacy group: %+v, want the policy put under the alarm %q and the old alarm deleted", d, AlarmName(legacy, "scale-out"))
	}
	same.Policies[0].AlarmName = "legacy-cpu-high"
	if !same.Equal(have) {
		t.Fatalf("apart from the alarm name the adopted policy differs\nwant %s\nhave %s", asJSON(same), asJSON(have))
	}
}
