package awsapitest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// groupInput is a group as asgctl creates it: launch template version 1
// pinned, min 0, max 4, the backend's subnets, the target groups, and the
// tags asgctl:service=web (propagated) and asgctl:rollout=<name>.
func (s *suite) groupInput(t *testing.T, name, lt string, desired int32, tgs ...string) *autoscaling.CreateAutoScalingGroupInput {
	return &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name),
		LaunchTemplate:       &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(lt), Version: aws.String("1")},
		MinSize:              aws.Int32(0),
		MaxSize:              aws.Int32(4),
		DesiredCapacity:      aws.Int32(desired),
		VPCZoneIdentifier:    aws.String(strings.Join(s.b.Subnets(t), ",")),
		TargetGroupARNs:      tgs,
		Tags: []astypes.Tag{
			{Key: aws.String("asgctl:service"), Value: aws.String("web"), PropagateAtLaunch: aws.Bool(true)},
			{Key: aws.String("asgctl:rollout"), Value: aws.String(name), PropagateAtLaunch: aws.Bool(false)},
		},
	}
}

// createGroup creates a group and waits until describes show it.
func (s *suite) createGroup(t *testing.T, in *autoscaling.CreateAutoScalingGroupInput) {
	t.Helper()
	name := aws.ToString(in.AutoScalingGroupName)
	_, err := s.c.AutoScaling.CreateAutoScalingGroup(t.Context(), in)
	noErr(t, err, "create group "+name)
	s.waitFor(t, settle, "group "+name+" to be visible", func() (bool, string) {
		g := s.group(t, name)
		return g != nil, fmt.Sprint(g != nil)
	})
}

// group returns the group as DescribeAutoScalingGroups shows it by name,
// nil when it is not there.
func (s *suite) group(t *testing.T, name string) *astypes.AutoScalingGroup {
	t.Helper()
	gs := s.groups(t, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	for i := range gs {
		if aws.ToString(gs[i].AutoScalingGroupName) == name {
			return &gs[i]
		}
	}
	return nil
}

// groups returns every group a describe finds, all pages.
func (s *suite) groups(t *testing.T, in *autoscaling.DescribeAutoScalingGroupsInput) []astypes.AutoScalingGroup {
	t.Helper()
	gs, err := awsapi.AllGroups(t.Context(), s.c.AutoScaling, in)
	noErr(t, err, "describe groups")
	return gs
}

// names returns the groups' names.
func names(gs []astypes.AutoScalingGroup) []string {
	out := make([]string, 0, len(gs))
	for _, g := range gs {
		out = append(out, aws.ToString(g.AutoScalingGroupName))
	}
	return out
}

// inService returns the ids of a group's InService instances.
func inService(g *astypes.AutoScalingGroup) []string {
	var ids []string
	if g == nil {
		return nil
	}
	for _, inst := range g.Instances {
		if inst.LifecycleState == astypes.LifecycleStateInService {
			ids = append(ids, aws.ToString(inst.InstanceId))
		}
	}
	return ids
}

// lifecycles describes a group's instances for failure messages.
func lifecycles(g *astypes.AutoScalingGroup) string {
	if g == nil {
		return "no group"
	}
	var parts []string
	for _, inst := range g.Instances {
		parts = append(parts, aws.ToString(inst.InstanceId)+"="+string(inst.LifecycleState))
	}
	return fmt.Sprintf("desired %d: [%s]", aws.ToInt32(g.DesiredCapacity), strings.Join(parts, " "))
}

// waitInService waits until a group has n instances, all InService, and
// returns their ids.
func (s *suite) waitInService(t *testing.T, name string, n int) []string {
	t.Helper()
	var ids []string
	s.waitFor(t, boot, fmt.Sprintf("%d instances of %s InService", n, name), func() (bool, string) {
		g := s.group(t, name)
		ids = inService(g)
		return g != nil && len(g.Instances) == n && len(ids) == n, lifecycles(g)
	})
	return ids
}

// setCapacity updates a group's desired capacity.
func (s *suite) setCapacity(t *testing.T, name string, desired int32) {
	t.Helper()
	_, err := s.c.AutoScaling.UpdateAutoScalingGroup(t.Context(), &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name), DesiredCapacity: aws.Int32(desired),
	})
	noErr(t, err, fmt.Sprintf("set %s desired %d", name, desired))
}
