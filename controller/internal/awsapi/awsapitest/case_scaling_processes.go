package awsapitest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// The processes asgctl suspends while it shifts traffic.
var asgctlProcesses = []string{"AZRebalance", "Launch", "Terminate"}

// testScalingProcesses: suspended processes read back, resume takes them
// off one by one or all at once, a suspended Launch holds capacity back
// until resumed, and a missing group is not_found.
func testScalingProcesses(t *testing.T, s *suite) {
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	s.createGroup(t, s.groupInput(t, "web-r1", lt, 0))
	noErr(t, s.suspend(t, "web-r1", asgctlProcesses...), "suspend")
	s.waitSuspended(t, "web-r1", asgctlProcesses...)
	t.Run("launch_held_back", func(t *testing.T) {
		s.skip(t, DiffSuspendedLaunch)
		s.setCapacity(t, "web-r1", 1)
		s.waitFor(t, settle, "desired 1 to show", func() (bool, string) {
			g := s.group(t, "web-r1")
			return aws.ToInt32(g.DesiredCapacity) == 1, lifecycles(g)
		})
		if g := s.group(t, "web-r1"); len(g.Instances) != 0 {
			t.Errorf("Launch is suspended but the group launched: %s", lifecycles(g))
		}
	})
	noErr(t, s.resume(t, "web-r1", "Launch"), "resume Launch")
	s.waitSuspended(t, "web-r1", "AZRebalance", "Terminate")
	noErr(t, s.resume(t, "web-r1"), "resume all")
	s.waitSuspended(t, "web-r1")
	t.Run("launch_after_resume", func(t *testing.T) {
		s.setCapacity(t, "web-r1", 1)
		s.waitInService(t, "web-r1", 1)
	})
	t.Run("not_found", func(t *testing.T) {
		s.skip(t, DiffProcessesMissingGroup)
		wantClass(t, s.suspend(t, "no-such-group", "Launch"), awsapi.ClassNotFound, "suspend on a missing group")
		wantClass(t, s.resume(t, "no-such-group", "Launch"), awsapi.ClassNotFound, "resume on a missing group")
	})
}

func (s *suite) suspend(t *testing.T, name string, procs ...string) error {
	_, err := s.c.AutoScaling.SuspendProcesses(t.Context(), &autoscaling.SuspendProcessesInput{AutoScalingGroupName: aws.String(name), ScalingProcesses: procs})
	return err
}

func (s *suite) resume(t *testing.T, name string, procs ...string) error {
	_, err := s.c.AutoScaling.ResumeProcesses(t.Context(), &autoscaling.ResumeProcessesInput{AutoScalingGroupName: aws.String(name), ScalingProcesses: procs})
	return err
}

// waitSuspended waits until the group's suspended processes are want.
func (s *suite) waitSuspended(t *testing.T, name string, want ...string) {
	t.Helper()
	s.waitFor(t, settle, fmt.Sprintf("suspended processes %q", want), func() (bool, string) {
		got := suspended(s.group(t, name))
		return slices.Equal(got, sortedCopy(want)), fmt.Sprint(got)
	})
}

func suspended(g *astypes.AutoScalingGroup) []string {
	out := []string{}
	if g == nil {
		return []string{"(group not visible)"}
	}
	for _, p := range g.SuspendedProcesses {
		out = append(out, aws.ToString(p.ProcessName))
	}
	slices.Sort(out)
	return out
}
