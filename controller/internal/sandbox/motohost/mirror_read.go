package motohost

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/asgctl/asgctl/controller/internal/observe"
)

// instanceBatch is how many instance ids one DescribeInstances filter
// names.
const instanceBatch = 100

// readMembers returns the instances of every group of service svc, found
// as the controller's observer finds them.
func readMembers(ctx context.Context, as GroupReader, svc string) ([]member, error) {
	groups, err := observe.ServiceGroups(ctx, as, svc)
	if err != nil {
		return nil, err
	}
	var out []member
	for _, g := range groups {
		for _, inst := range g.Instances {
			out = append(out, member{ID: aws.ToString(inst.InstanceId), State: inst.LifecycleState})
		}
	}
	return out, nil
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
