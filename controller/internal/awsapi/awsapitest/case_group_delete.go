package awsapitest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// testGroupDelete: an empty group deletes at once; a group with instances
// is in_use without ForceDelete; a forced delete terminates the instances,
// deregisters their targets and removes the group; a missing group is
// not_found.
func testGroupDelete(t *testing.T, s *suite) {
	tg := s.b.TargetGroup(t, "web-blue")
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	s.createGroup(t, s.groupInput(t, "web-empty", lt, 0, tg))
	s.createGroup(t, s.groupInput(t, "web-busy", lt, 1, tg))
	s.createGroup(t, s.groupInput(t, "web-kept", lt, 1))
	busy := s.waitInService(t, "web-busy", 1)
	s.waitForTargets(t, tg, busy, "")
	t.Run("empty", func(t *testing.T) {
		noErr(t, s.deleteGroup(t, "web-empty", false), "delete an empty group")
		s.waitGone(t, "web-empty")
	})
	t.Run("in_use_without_force", func(t *testing.T) {
		s.skip(t, DiffDeleteWithInstances)
		s.waitInService(t, "web-kept", 1)
		wantClass(t, s.deleteGroup(t, "web-kept", false), awsapi.ClassInUse, "delete a group with instances")
		if s.group(t, "web-kept") == nil {
			t.Error("a refused delete removed the group")
		}
	})
	t.Run("force", func(t *testing.T) {
		noErr(t, s.deleteGroup(t, "web-busy", true), "force delete")
		s.waitGone(t, "web-busy")
		t.Run("targets_deregistered", func(t *testing.T) {
			s.skip(t, DiffTargetsStayRegistered)
			s.waitForTargets(t, tg, nil, "")
		})
	})
	t.Run("not_found", func(t *testing.T) {
		wantClass(t, s.deleteGroup(t, "no-such-group", true), awsapi.ClassNotFound, "delete a missing group")
	})
}

func (s *suite) deleteGroup(t *testing.T, name string, force bool) error {
	_, err := s.c.AutoScaling.DeleteAutoScalingGroup(t.Context(), &autoscaling.DeleteAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name), ForceDelete: aws.Bool(force),
	})
	return err
}

// waitGone waits until describes no longer show the group; while it goes
// it may show "Delete in progress".
func (s *suite) waitGone(t *testing.T, name string) {
	t.Helper()
	s.waitFor(t, drain, name+" to disappear", func() (bool, string) {
		g := s.group(t, name)
		if g == nil {
			return true, "gone"
		}
		return false, aws.ToString(g.Status) + " " + lifecycles(g)
	})
}
