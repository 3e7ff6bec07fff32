package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/api"
)

// legacyGroup makes a hand-made group on web's first target group with
// the given policy and a weekday schedule, as a team migrating has.
func (w *world) legacyGroup(pol *autoscaling.PutScalingPolicyInput) {
	w.t.Helper()
	ctx, c := context.Background(), w.cloud.Clients()
	_, err := c.AutoScaling.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String("legacy-web"), MinSize: aws.Int32(0), MaxSize: aws.Int32(4), DesiredCapacity: aws.Int32(0),
		LaunchTemplate:    &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(w.spec.LaunchTemplateID), Version: aws.String("1")},
		VPCZoneIdentifier: aws.String(strings.Join(w.spec.Subnets, ",")), TargetGroupARNs: []string{w.spec.TargetGroups[0]},
	})
	if err != nil {
		w.t.Fatal(err)
	}
	pol.AutoScalingGroupName = aws.String("legacy-web")
	if _, err := c.AutoScaling.PutScalingPolicy(ctx, pol); err != nil {
		w.t.Fatal(err)
	}
	_, err = c.AutoScaling.PutScheduledUpdateGroupAction(ctx, &autoscaling.PutScheduledUpdateGroupActionInput{
		AutoScalingGroupName: aws.String("legacy-web"), ScheduledActionName: aws.String("weekday-am"),
		Recurrence: aws.String("0 8 * * MON-FRI"), TimeZone: aws.String("Europe/Berlin"), MinSize: aws.Int32(2), DesiredCapacity: aws.Int32(3),
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) specFile(s api.ServiceSpec) string {
	w.t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		w.t.Fatal(err)
	}
	p := filepath.Join(w.t.TempDir(), "web.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		w.t.Fatal(err)
	}
	return p
}

func TestServicePutAdoptsScaling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.legacyGroup(&autoscaling.PutScalingPolicyInput{
			PolicyName: aws.String("cpu50"), PolicyType: aws.String("TargetTrackingScaling"),
			TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{
				PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization},
				TargetValue:                   aws.Float64(50),
			},
		})
		res := w.must(0, "--output", "json", "service", "put", "--file", w.specFile(w.spec), "--adopt-scaling-from", "legacy-web")
		var doc putDoc
		if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Adopted == nil || strings.Join(doc.Adopted.Policies, ",") != "cpu50" || strings.Join(doc.Adopted.ScheduledActions, ",") != "weekday-am" {
			t.Fatalf("adopted %+v", doc.Adopted)
		}
		got, _, _ := w.store.Spec(context.Background(), "web")
		if len(got.ScalingPolicies) != 1 || got.ScalingPolicies[0].TargetTracking.Target != 50 ||
			len(got.ScheduledActions) != 1 || got.ScheduledActions[0].TimeZone != "Europe/Berlin" || *got.ScheduledActions[0].Desired != 3 {
			t.Fatalf("stored spec scaling %+v %+v", got.ScalingPolicies, got.ScheduledActions)
		}
		// The spec now declares them: adopting again is refused.
		res = w.must(ExitUsage, "service", "put", "--file", w.specFile(*got), "--adopt-scaling-from", "legacy-web")
		if !strings.Contains(res.stderr, "already declares them") {
			t.Fatalf("stderr %s", res.stderr)
		}
	})
}

func TestServicePutAdoptRefusesWhatTheSpecCannotSay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.legacyGroup(&autoscaling.PutScalingPolicyInput{
			PolicyName: aws.String("scale-out"), PolicyType: aws.String("StepScaling"), AdjustmentType: aws.String("ChangeInCapacity"),
			StepAdjustments: []astypes.StepAdjustment{{MetricIntervalLowerBound: aws.Float64(0), ScalingAdjustment: aws.Int32(1)}},
		})
		res := w.must(ExitUsage, "service", "put", "--file", w.specFile(w.spec), "--adopt-scaling-from", "legacy-web")
		if !strings.Contains(res.stderr, "cannot adopt the scaling of legacy-web") || !strings.Contains(res.stderr, "scale-out") {
			t.Fatalf("stderr %s", res.stderr)
		}
		if got, _, _ := w.store.Spec(context.Background(), "web"); len(got.ScalingPolicies) != 0 {
			t.Fatalf("a refused adopt wrote %+v", got.ScalingPolicies)
		}
		res = w.must(ExitUsage, "service", "put", "--file", w.specFile(w.spec), "--adopt-scaling-from", "no-such-group")
		if !strings.Contains(res.stderr, `group "no-such-group" does not exist in us-east-1`) {
			t.Fatalf("stderr %s", res.stderr)
		}
	})
}
