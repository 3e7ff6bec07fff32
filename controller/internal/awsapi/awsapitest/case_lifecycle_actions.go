package awsapitest

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

const launchHook = "asgctl-launch"

// testLifecycleActions: a group created with a launch hook holds new
// instances in Pending:Wait; ABANDON terminates one and the group replaces
// it, CONTINUE puts one InService; completing an action that is not
// pending is validation.
func testLifecycleActions(t *testing.T, s *suite) {
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	in := s.groupInput(t, "web-r1", lt, 1)
	in.LifecycleHookSpecificationList = []astypes.LifecycleHookSpecification{{
		LifecycleHookName:   aws.String(launchHook),
		LifecycleTransition: aws.String("autoscaling:EC2_INSTANCE_LAUNCHING"),
		HeartbeatTimeout:    aws.Int32(7200),
		DefaultResult:       aws.String("ABANDON"),
	}}
	s.createGroup(t, in)
	t.Run("complete", func(t *testing.T) {
		s.skip(t, DiffLifecycleHooks)
		first := s.waitPendingWait(t, "web-r1", "")
		noErr(t, s.complete(t, "web-r1", first, "ABANDON"), "abandon")
		second := s.waitPendingWait(t, "web-r1", first)
		if g := s.group(t, "web-r1"); slices.ContainsFunc(g.Instances, isInService(first)) {
			t.Errorf("abandoned instance %s went InService: %s", first, lifecycles(g))
		}
		noErr(t, s.complete(t, "web-r1", second, "CONTINUE"), "continue")
		s.waitFor(t, boot, second+" InService", func() (bool, string) {
			g := s.group(t, "web-r1")
			return slices.ContainsFunc(g.Instances, isInService(second)), lifecycles(g)
		})
	})
	t.Run("no_pending_action", func(t *testing.T) {
		s.skip(t, DiffCompleteLifecycleAction)
		running := s.waitInService(t, "web-r1", 1)[0]
		err := s.complete(t, "web-r1", running, "CONTINUE")
		wantClass(t, err, awsapi.ClassValidation, "complete an action for an instance InService")
	})
}

// waitPendingWait waits until an instance of the group other than not is
// in Pending:Wait and returns its id.
func (s *suite) waitPendingWait(t *testing.T, name, not string) string {
	t.Helper()
	var id string
	s.waitFor(t, boot, "an instance in Pending:Wait", func() (bool, string) {
		g := s.group(t, name)
		if g == nil {
			return false, "group not visible yet"
		}
		for _, inst := range g.Instances {
			if inst.LifecycleState == astypes.LifecycleStatePendingWait && aws.ToString(inst.InstanceId) != not {
				id = aws.ToString(inst.InstanceId)
				return true, lifecycles(g)
			}
		}
		return false, lifecycles(g)
	})
	return id
}

func (s *suite) complete(t *testing.T, name, instance, result string) error {
	_, err := s.c.AutoScaling.CompleteLifecycleAction(t.Context(), &autoscaling.CompleteLifecycleActionInput{
		AutoScalingGroupName: aws.String(name), LifecycleHookName: aws.String(launchHook),
		InstanceId: aws.String(instance), LifecycleActionResult: aws.String(result),
	})
	return err
}

func isInService(id string) func(astypes.Instance) bool {
	return func(inst astypes.Instance) bool {
		return aws.ToString(inst.InstanceId) == id && inst.LifecycleState == astypes.LifecycleStateInService
	}
}
