package awsapitest

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// testGroupCreate: a group reads back as created (pinned launch template
// version, capacity, subnets, target group, tags) and launches its
// instances from that version across its zones; a taken name is
// already_exists, impossible capacity is validation.
func testGroupCreate(t *testing.T, s *suite) {
	tg := s.b.TargetGroup(t, "web-blue")
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	in := s.groupInput(t, "web-r1", lt, 2, tg)
	in.MinSize, in.MaxSize = aws.Int32(1), aws.Int32(3)
	s.createGroup(t, in)
	g := s.group(t, "web-r1")
	wantGroupSpec(t, g, lt, "1", 1, 3, 2)
	if !sameSet(splitSubnets(aws.ToString(g.VPCZoneIdentifier)), s.b.Subnets(t)) {
		t.Errorf("VPCZoneIdentifier = %q, want subnets %q", aws.ToString(g.VPCZoneIdentifier), s.b.Subnets(t))
	}
	if !sameSet(g.TargetGroupARNs, []string{tg}) {
		t.Errorf("TargetGroupARNs = %q, want [%s]", g.TargetGroupARNs, tg)
	}
	wantTags(t, g, map[string]string{"asgctl:service": "web/true", "asgctl:rollout": "web-r1/false"})
	t.Run("instances", func(t *testing.T) {
		s.waitInService(t, "web-r1", 2)
		t.Run("pinned_version", func(t *testing.T) {
			s.skip(t, DiffInstanceVersion)
			if got := instanceVersions(s.group(t, "web-r1")); got != "1:2" {
				t.Errorf("instances by launch template version = %q, want both on 1", got)
			}
		})
		t.Run("no_image_id", func(t *testing.T) { noImageID(t, s.group(t, "web-r1")) })
		t.Run("zones", func(t *testing.T) {
			s.skip(t, DiffZoneBalance)
			s.instancesInEachZone(t, "web-r1")
		})
	})
	t.Run("already_exists", func(t *testing.T) {
		s.skip(t, DiffDuplicateGroup)
		_, err := s.c.AutoScaling.CreateAutoScalingGroup(t.Context(), s.groupInput(t, "web-r1", lt, 0, tg))
		wantClass(t, err, awsapi.ClassAlreadyExists, "create a group whose name is taken")
	})
	t.Run("validation", func(t *testing.T) {
		s.skip(t, DiffGroupValidation)
		bad := s.groupInput(t, "web-bad", lt, 0, tg)
		bad.MinSize, bad.MaxSize = aws.Int32(3), aws.Int32(1)
		_, err := s.c.AutoScaling.CreateAutoScalingGroup(t.Context(), bad)
		wantClass(t, err, awsapi.ClassValidation, "create a group with min > max")
	})
}

// noImageID checks that instances launched from a launch template without
// AMI overrides show no ImageId: AWS fills Instance.ImageId only for AMI
// overrides and root volume replacement, so the AMI an instance runs must
// come from its launch template version.
func noImageID(t *testing.T, g *astypes.AutoScalingGroup) {
	t.Helper()
	for _, inst := range g.Instances {
		if inst.ImageId != nil {
			t.Errorf("instance %s shows ImageId %q; AWS shows none for an instance launched from a launch template without overrides",
				aws.ToString(inst.InstanceId), aws.ToString(inst.ImageId))
		}
	}
}

// instancesInEachZone checks that the group's instances spread over its
// zones, one in each.
func (s *suite) instancesInEachZone(t *testing.T, name string) {
	g := s.group(t, name)
	zones := map[string]int{}
	for _, inst := range g.Instances {
		zones[aws.ToString(inst.AvailabilityZone)]++
	}
	if len(zones) != len(g.AvailabilityZones) || len(zones) != len(g.Instances) {
		t.Errorf("instances by zone = %v, want one in each of %q", zones, g.AvailabilityZones)
	}
}

// wantGroupSpec asserts a group's launch template and capacity.
func wantGroupSpec(t *testing.T, g *astypes.AutoScalingGroup, lt, version string, minSize, maxSize, desired int32) {
	t.Helper()
	if g == nil {
		t.Fatal("group not found")
	}
	spec := g.LaunchTemplate
	if spec == nil || aws.ToString(spec.LaunchTemplateId) != lt || aws.ToString(spec.Version) != version {
		t.Errorf("LaunchTemplate = %+v, want %s version %s", spec, lt, version)
	}
	got := [3]int32{aws.ToInt32(g.MinSize), aws.ToInt32(g.MaxSize), aws.ToInt32(g.DesiredCapacity)}
	if got != [3]int32{minSize, maxSize, desired} {
		t.Errorf("min/max/desired = %v, want %v", got, [3]int32{minSize, maxSize, desired})
	}
}

// wantTags asserts a group's tags as key -> "value/propagate".
func wantTags(t *testing.T, g *astypes.AutoScalingGroup, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, tag := range g.Tags {
		v := aws.ToString(tag.Value) + "/false"
		if aws.ToBool(tag.PropagateAtLaunch) {
			v = aws.ToString(tag.Value) + "/true"
		}
		got[aws.ToString(tag.Key)] = v
	}
	if len(got) != len(want) {
		t.Errorf("tags = %v, want %v", got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("tags = %v, want %v", got, want)
			return
		}
	}
}

func splitSubnets(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
