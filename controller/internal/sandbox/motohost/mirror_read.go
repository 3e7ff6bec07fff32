package motohost

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Page and batch sizes of the Mirror's reads.
const (
	groupPage     = 100 // DescribeAutoScalingGroups MaxRecords
	instanceBatch = 100 // instance ids per DescribeInstances filter
)

// readMembers returns the instances of every group tagged
// asgctl:service=svc, as the controller's observer finds its groups.
func readMembers(ctx context.Context, as GroupReader, svc string) ([]member, error) {
	pages := autoscaling.NewDescribeAutoScalingGroupsPaginator(as, &autoscaling.DescribeAutoScalingGroupsInput{
		Filters:    []astypes.Filter{{Name: aws.String("tag:" + tagService), Values: []string{svc}}},
		MaxRecords: aws.Int32(groupPage),
	})
	var out []member
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe asgs of service %q: %w", svc, err)
		}
		for _, g := range page.AutoScalingGroups {
			if groupTag(g.Tags, tagService) != svc { // the filter is a hint, not a promise
				continue
			}
			for _, inst := range g.Instances {
				out = append(out, member{ID: aws.ToString(inst.InstanceId), State: inst.LifecycleState})
			}
		}
	}
	return out, nil
}

// groupTag returns the value of key among a group's tags, or "".
func groupTag(tags []astypes.TagDescription, key string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value)
		}
	}
	return ""
}

// readAMIs returns the AMI of each of ids that EC2 reports pending or
// running. An id EC2 does not list (yet) is missing from the answer.
func readAMIs(ctx context.Context, e InstanceReader, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for start := 0; start < len(ids); start += instanceBatch {
		batch := ids[start:min(start+instanceBatch, len(ids))]
		if err := readAMIBatch(ctx, e, batch, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readAMIBatch adds the AMIs of batch to out. It filters by instance id
// rather than naming the ids, so an id EC2 does not know yet is left out
// instead of failing the call.
func readAMIBatch(ctx context.Context, e InstanceReader, batch []string, out map[string]string) error {
	pages := ec2.NewDescribeInstancesPaginator(e, &ec2.DescribeInstancesInput{
		Filters: []ec2types.Filter{{Name: aws.String("instance-id"), Values: batch}},
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describe instances %v: %w", batch, err)
		}
		for _, r := range page.Reservations {
			for _, inst := range r.Instances {
				if launched(inst.State) && aws.ToString(inst.ImageId) != "" {
					out[aws.ToString(inst.InstanceId)] = aws.ToString(inst.ImageId)
				}
			}
		}
	}
	return nil
}

// launched reports whether an EC2 instance state is pending or running.
func launched(s *ec2types.InstanceState) bool {
	if s == nil {
		return false
	}
	return s.Name == ec2types.InstanceStateNamePending || s.Name == ec2types.InstanceStateNameRunning
}
