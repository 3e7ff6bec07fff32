package awsapitest

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// checkPolicyFilters: DescribePolicies by names (unknown ones left out)
// and in pages of MaxRecords; GroupPolicies reads every page.
func (s *suite) checkPolicyFilters(t *testing.T, total int) {
	t.Run("names", func(t *testing.T) {
		out, err := s.c.AutoScaling.DescribePolicies(t.Context(), &autoscaling.DescribePoliciesInput{
			AutoScalingGroupName: aws.String("web-v001"), PolicyNames: []string{"cpu", "no-such-policy"},
		})
		noErr(t, err, "describe policies by name")
		if len(out.ScalingPolicies) != 1 || aws.ToString(out.ScalingPolicies[0].PolicyName) != "cpu" {
			t.Errorf("describe by names cpu and no-such-policy found %d policies, want cpu alone", len(out.ScalingPolicies))
		}
	})
	t.Run("pages", func(t *testing.T) {
		s.skip(t, DiffScalingPages)
		first, err := s.c.AutoScaling.DescribePolicies(t.Context(), &autoscaling.DescribePoliciesInput{
			AutoScalingGroupName: aws.String("web-v001"), MaxRecords: aws.Int32(2),
		})
		noErr(t, err, "describe the first page of policies")
		if len(first.ScalingPolicies) != 2 || aws.ToString(first.NextToken) == "" {
			t.Fatalf("first page: %d policies, next token %q; want 2 and a token", len(first.ScalingPolicies), aws.ToString(first.NextToken))
		}
		if n := len(s.policies(t, "web-v001")); n != total {
			t.Errorf("GroupPolicies found %d policies, want %d", n, total)
		}
	})
}

// checkPolicyNotFound: deleting an unknown policy, and putting, describing
// or deleting policies of a missing group, are not_found.
func (s *suite) checkPolicyNotFound(t *testing.T) {
	t.Run("unknown_policy", func(t *testing.T) {
		s.skip(t, DiffDeletePolicyNotFound)
		wantClass(t, s.deletePolicy(t, "web-v001", "no-such-policy"), awsapi.ClassNotFound, "delete an unknown policy")
	})
	t.Run("missing_group", func(t *testing.T) {
		s.skip(t, DiffScalingMissingGroup)
		_, err := s.c.AutoScaling.PutScalingPolicy(t.Context(), simplePut("no-such-group", "simple-in"))
		wantClass(t, err, awsapi.ClassNotFound, "put a policy on a missing group")
		_, err = awsapi.GroupPolicies(t.Context(), s.c.AutoScaling, "no-such-group")
		wantClass(t, err, awsapi.ClassNotFound, "describe the policies of a missing group")
		wantClass(t, s.deletePolicy(t, "no-such-group", "cpu"), awsapi.ClassNotFound, "delete a policy of a missing group")
	})
}

// checkPolicyValidation: puts AWS refuses are validation errors and
// change nothing.
func (s *suite) checkPolicyValidation(t *testing.T, tg string) {
	s.skip(t, DiffScalingValidation)
	gap := stepPut("web-v001", "gap")
	gap.StepAdjustments[1].MetricIntervalLowerBound = aws.Float64(30)
	unattached := policyPuts("web-v001", albLabel(s.b.LoadBalancer(t), missingARN(tg)))[1]
	unattached.PolicyName = aws.String("unattached")
	noAdjustment := simplePut("web-v001", "no-adjustment")
	noAdjustment.ScalingAdjustment = nil
	cooldown := stepPut("web-v001", "step-cooldown")
	cooldown.Cooldown = aws.Int32(60)
	for what, in := range map[string]*autoscaling.PutScalingPolicyInput{
		"step adjustments with a gap":                        gap,
		"a resource label naming an unattached target group": unattached,
		"a simple policy without a scaling adjustment":       noAdjustment,
		"a cooldown on a step policy":                        cooldown,
	} {
		_, err := s.c.AutoScaling.PutScalingPolicy(t.Context(), in)
		wantClass(t, err, awsapi.ClassValidation, "put a policy with "+what)
	}
	for name := range s.policies(t, "web-v001") {
		if slices.Contains([]string{"gap", "unattached", "no-adjustment", "step-cooldown"}, name) {
			t.Errorf("a refused put left policy %s", name)
		}
	}
}

// checkGroupDeleteRemovesPolicies: deleting a group deletes its policies
// and no other group's.
func (s *suite) checkGroupDeleteRemovesPolicies(t *testing.T) {
	s.putPolicy(t, stepPut("web-v002", "kept"))
	noErr(t, s.deleteGroup(t, "web-v001", false), "delete web-v001")
	s.waitGone(t, "web-v001")
	t.Run("policies_gone", func(t *testing.T) {
		s.skip(t, DiffGroupDeleteKeepsScaling)
		all := s.allPolicies(t)
		for _, p := range all {
			if strings.HasPrefix(p, "web-v001/") {
				t.Errorf("policy %s outlived its group", p)
			}
		}
		if !slices.Contains(all, "web-v002/kept") {
			t.Errorf("deleting web-v001 removed web-v002's policy: %q", all)
		}
	})
}
