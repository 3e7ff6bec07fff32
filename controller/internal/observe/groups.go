package observe

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// statusDeleting is the Status Auto Scaling reports while a group is deleted.
const statusDeleting = "Delete in progress"

// listGroups returns every group tagged asgctl:service=svc, following
// NextToken to the end, normalised and sorted by Seq then Name.
func listGroups(ctx context.Context, as awsapi.AutoScaling, svc string) ([]reconcile.Group, error) {
	groups, err := ServiceGroups(ctx, as, svc)
	if err != nil {
		return nil, err
	}
	out := make([]reconcile.Group, 0, len(groups))
	for _, g := range groups {
		out = append(out, NormaliseGroup(g))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Seq != out[j].Seq {
			return out[i].Seq < out[j].Seq
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// ServiceGroups returns every group tagged asgctl:service=svc as the SDK
// reports it, following NextToken to the end. The tag filter is a hint,
// not a promise: each group's tag is checked again.
func ServiceGroups(ctx context.Context, as awsapi.GroupDescriber, svc string) ([]astypes.AutoScalingGroup, error) {
	in := &autoscaling.DescribeAutoScalingGroupsInput{
		Filters:    []astypes.Filter{{Name: aws.String("tag:" + api.TagService), Values: []string{svc}}},
		MaxRecords: aws.Int32(100),
	}
	groups, err := awsapi.AllGroups(ctx, as, in)
	if err != nil {
		return nil, fmt.Errorf("describe asgs of service %q: %w", svc, err)
	}
	out := groups[:0]
	for _, g := range groups {
		if TagValue(g.Tags, api.TagService) == svc {
			out = append(out, g)
		}
	}
	return out, nil
}

// NormaliseGroup turns an SDK group into the reconcile view. A missing or
// malformed asgctl:seq tag reads as seq 0.
func NormaliseGroup(g astypes.AutoScalingGroup) reconcile.Group {
	seq, _ := strconv.Atoi(TagValue(g.Tags, api.TagSeq))
	src, _ := strconv.ParseInt(TagValue(g.Tags, api.TagSourceVersion), 10, 64)
	out := reconcile.Group{
		SourceVersion:         src,
		LaunchDigest:          TagValue(g.Tags, api.TagLaunch),
		Name:                  aws.ToString(g.AutoScalingGroupName),
		Seq:                   seq,
		RolloutID:             TagValue(g.Tags, api.TagRollout),
		AMI:                   TagValue(g.Tags, api.TagAMI),
		LaunchTemplateVersion: templateVersion(g),
		Capacity: api.Capacity{
			Min:     int(aws.ToInt32(g.MinSize)),
			Max:     int(aws.ToInt32(g.MaxSize)),
			Desired: int(aws.ToInt32(g.DesiredCapacity)),
		},
		Instances: len(g.Instances),
		Deleting:  aws.ToString(g.Status) == statusDeleting,
	}
	for _, in := range g.Instances {
		if in.LifecycleState == astypes.LifecycleStateInService && aws.ToString(in.HealthStatus) == "Healthy" {
			out.InService++
		}
	}
	if len(g.TargetGroupARNs) > 0 {
		out.TargetGroups = append([]string(nil), g.TargetGroupARNs...)
		sort.Strings(out.TargetGroups)
	}
	for _, p := range g.SuspendedProcesses {
		out.Suspended = append(out.Suspended, aws.ToString(p.ProcessName))
	}
	sort.Strings(out.Suspended)
	return out
}

// templateVersion is the launch template version the group launches from,
// directly or through a mixed instances policy.
func templateVersion(g astypes.AutoScalingGroup) string {
	if g.LaunchTemplate != nil {
		return aws.ToString(g.LaunchTemplate.Version)
	}
	if m := g.MixedInstancesPolicy; m != nil && m.LaunchTemplate != nil && m.LaunchTemplate.LaunchTemplateSpecification != nil {
		return aws.ToString(m.LaunchTemplate.LaunchTemplateSpecification.Version)
	}
	return ""
}

// TagValue returns the value of key among an Auto Scaling group's tags, or "".
func TagValue(tags []astypes.TagDescription, key string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value)
		}
	}
	return ""
}
