package awsapitest

import (
	"maps"
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// policyARN is the shape of a scaling policy's ARN.
var policyARN = regexp.MustCompile(`^arn:aws:autoscaling:[a-z0-9-]+:[0-9]{12}:scalingPolicy:[0-9a-f-]+:autoScalingGroupName/web-v001:policyName/[a-z-]+$`)

// testScalingPolicies: target tracking (predefined CPU and ALB requests,
// customized metric), step and simple policies read back as put, with
// ARNs; a put by name replaces the policy and keeps its ARN and alarms;
// describes filter by name and page; names are per group; delete removes
// one; unknown policies and groups are not_found; invalid puts are
// refused; deleting the group removes its policies.
func testScalingPolicies(t *testing.T, s *suite) {
	tg := s.b.TargetGroup(t, "web-blue")
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	s.createGroup(t, s.groupInput(t, "web-v001", lt, 0, tg))
	s.createGroup(t, s.groupInput(t, "web-v002", lt, 0, tg))
	puts := policyPuts("web-v001", albLabel(s.b.LoadBalancer(t), tg))
	outs := map[string]*autoscaling.PutScalingPolicyOutput{}
	for _, in := range puts {
		outs[aws.ToString(in.PolicyName)] = s.putPolicy(t, in)
	}
	got := s.policies(t, "web-v001")
	for _, in := range puts {
		name := aws.ToString(in.PolicyName)
		if want, have := viewOfPut(in), viewOfPolicy(got[name]); want != have {
			t.Errorf("policy %s reads back as\n%s\nwant\n%s", name, have, want)
		}
		if arn := aws.ToString(got[name].PolicyARN); !policyARN.MatchString(arn) {
			t.Errorf("policy %s has ARN %q, want the shape %s", name, arn, policyARN)
		}
	}
	t.Run("put_returns_arn", func(t *testing.T) {
		s.skip(t, DiffPolicyPutOutput)
		for name, out := range outs {
			if aws.ToString(out.PolicyARN) != aws.ToString(got[name].PolicyARN) {
				t.Errorf("put %s returned ARN %q, describe shows %q", name, aws.ToString(out.PolicyARN), aws.ToString(got[name].PolicyARN))
			}
		}
	})
	t.Run("tracking_alarms", func(t *testing.T) { s.checkTrackingAlarms(t, outs["cpu"], got["cpu"]) })
	t.Run("upsert", func(t *testing.T) { s.checkPolicyUpsert(t, puts[0], got["cpu"]) })
	t.Run("describe_filters", func(t *testing.T) { s.checkPolicyFilters(t, len(puts)) })
	t.Run("names_per_group", func(t *testing.T) {
		s.skip(t, DiffScalingNamesPerGroup)
		s.putPolicy(t, simplePut("web-v002", "simple-in"))
		noErr(t, s.deletePolicy(t, "web-v002", "simple-in"), "delete web-v002's simple-in")
		if _, ok := s.policies(t, "web-v001")["simple-in"]; !ok {
			t.Error("putting and deleting web-v002's simple-in removed web-v001's")
		}
	})
	t.Run("delete", func(t *testing.T) {
		noErr(t, s.deletePolicy(t, "web-v001", "simple-in"), "delete simple-in")
		if _, ok := s.policies(t, "web-v001")["simple-in"]; ok || len(s.policies(t, "web-v001")) != len(puts)-1 {
			t.Errorf("after deleting simple-in the group has %v", slices.Sorted(maps.Keys(s.policies(t, "web-v001"))))
		}
	})
	t.Run("not_found", func(t *testing.T) { s.checkPolicyNotFound(t) })
	t.Run("invalid", func(t *testing.T) { s.checkPolicyValidation(t, tg) })
	t.Run("group_delete", func(t *testing.T) { s.checkGroupDeleteRemovesPolicies(t) })
}

// checkTrackingAlarms: a target tracking policy has the alarms Auto
// Scaling made for it, returned by the put, shown by the describe, and
// invoking the policy.
func (s *suite) checkTrackingAlarms(t *testing.T, out *autoscaling.PutScalingPolicyOutput, p astypes.ScalingPolicy) {
	s.skip(t, DiffTrackingAlarms)
	names := alarmNames(p.Alarms)
	if len(names) == 0 || !sameSet(names, alarmNames(out.Alarms)) {
		t.Fatalf("the put returned alarms %q and the describe shows %q; want the same, not none", alarmNames(out.Alarms), names)
	}
	alarms, err := awsapi.DescribeAlarmsByName(t.Context(), s.c.CloudWatch, names)
	noErr(t, err, "describe the target tracking alarms")
	if len(alarms) != len(names) {
		t.Fatalf("CloudWatch has %d of the alarms %q", len(alarms), names)
	}
	for _, a := range alarms {
		if !slices.Equal(a.AlarmActions, []string{aws.ToString(p.PolicyARN)}) {
			t.Errorf("alarm %s invokes %q, want the policy %s", aws.ToString(a.AlarmName), a.AlarmActions, aws.ToString(p.PolicyARN))
		}
	}
}

// checkPolicyUpsert: a second put of a name replaces the policy, keeping
// its ARN and (target tracking) its alarms.
func (s *suite) checkPolicyUpsert(t *testing.T, first *autoscaling.PutScalingPolicyInput, before astypes.ScalingPolicy) {
	again := *first
	tt := *first.TargetTrackingConfiguration
	tt.TargetValue, tt.DisableScaleIn = aws.Float64(60), aws.Bool(true)
	again.TargetTrackingConfiguration, again.EstimatedInstanceWarmup = &tt, aws.Int32(90)
	s.putPolicy(t, &again)
	after, ok := s.policies(t, "web-v001")[aws.ToString(first.PolicyName)]
	if !ok {
		t.Fatal("the policy is gone after a second put")
	}
	if want, have := viewOfPut(&again), viewOfPolicy(after); want != have {
		t.Errorf("after the second put the policy reads\n%s\nwant\n%s", have, want)
	}
	if aws.ToString(after.PolicyARN) != aws.ToString(before.PolicyARN) {
		t.Errorf("the second put changed the ARN from %s to %s", aws.ToString(before.PolicyARN), aws.ToString(after.PolicyARN))
	}
	if !sameSet(alarmNames(after.Alarms), alarmNames(before.Alarms)) {
		t.Errorf("the second put changed the alarms from %q to %q", alarmNames(before.Alarms), alarmNames(after.Alarms))
	}
}

func alarmNames(as []astypes.Alarm) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, aws.ToString(a.AlarmName))
	}
	return out
}
