package awsapitest

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// testTargetHealth: the instances of a group attached to a target group
// become its targets, initial until they pass health checks, then
// healthy; a named target reads back alone; an instance that is not
// registered is unused; scale-in removes the leaving instance's target; a
// missing target group is not_found.
func testTargetHealth(t *testing.T, s *suite) {
	tg := s.b.TargetGroup(t, "web-blue")
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	_, err := s.c.AutoScaling.CreateAutoScalingGroup(t.Context(), s.groupInput(t, "web-r1", lt, 2, tg))
	noErr(t, err, "create group")
	ids, seen := s.waitHealthy(t, "web-r1", tg, 2)
	t.Run("initial_before_healthy", func(t *testing.T) {
		s.skip(t, DiffInstantHealth)
		for _, id := range ids {
			if states := seen[id]; len(states) < 2 || states[0] != string(elbtypes.TargetHealthStateEnumInitial) {
				t.Errorf("target %s went through %q, want initial, then healthy", id, states)
			}
		}
	})
	t.Run("named_target", func(t *testing.T) {
		got := s.namedTargets(t, tg, ids[0])
		if len(got) != 1 || got[ids[0]] != string(elbtypes.TargetHealthStateEnumHealthy) {
			t.Errorf("health of %s = %v, want it alone and healthy", ids[0], got)
		}
	})
	t.Run("unregistered_target", func(t *testing.T) {
		s.createGroup(t, s.groupInput(t, "web-other", lt, 1))
		other := s.waitInService(t, "web-other", 1)[0]
		if got := s.namedTargets(t, tg, other); got[other] != string(elbtypes.TargetHealthStateEnumUnused) {
			t.Errorf("health of an instance not registered = %v, want unused", got)
		}
	})
	t.Run("scale_in", func(t *testing.T) {
		s.skip(t, DiffTargetsStayRegistered)
		s.setCapacity(t, "web-r1", 1)
		kept := s.waitInService(t, "web-r1", 1)
		if !slices.Contains(ids, kept[0]) {
			t.Fatalf("kept instance %s is not one of %q", kept[0], ids)
		}
		s.waitForTargets(t, tg, kept, string(elbtypes.TargetHealthStateEnumHealthy))
	})
	t.Run("not_found", func(t *testing.T) {
		_, err := s.c.ELBv2.DescribeTargetHealth(t.Context(), &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(missingARN(tg))})
		wantClass(t, err, awsapi.ClassNotFound, "target health of a missing target group")
	})
}

// namedTargets returns the health of the named instances only.
func (s *suite) namedTargets(t *testing.T, tg string, ids ...string) map[string]string {
	t.Helper()
	in := &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)}
	for _, id := range ids {
		in.Targets = append(in.Targets, elbtypes.TargetDescription{Id: aws.String(id)})
	}
	out, err := s.c.ELBv2.DescribeTargetHealth(t.Context(), in)
	noErr(t, err, "describe named targets")
	got := map[string]string{}
	for _, d := range out.TargetHealthDescriptions {
		got[aws.ToString(d.Target.Id)] = string(d.TargetHealth.State)
	}
	return got
}
