package execute

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// updateCapacity resizes a group: nothing to do when it is already at
// a.Capacity, a conflict when it is at neither that nor a.ExpectCapacity.
func (e *Executor) updateCapacity(ctx context.Context, a reconcile.Action) error {
	if a.Capacity == nil {
		return errors.New("update_capacity without capacity")
	}
	g, err := awsapi.Group(ctx, e.Clients.AutoScaling, a.Group)
	if err != nil {
		return err
	}
	if g == nil {
		return preconditionf("asg %q does not exist", a.Group)
	}
	cur := groupCapacity(g)
	if cur == *a.Capacity {
		return nil
	}
	if a.ExpectCapacity != nil && cur != *a.ExpectCapacity {
		return preconditionf("asg %q capacity is %+v, expected %+v", a.Group, cur, *a.ExpectCapacity)
	}
	_, err = e.Clients.AutoScaling.UpdateAutoScalingGroup(ctx, &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(a.Group),
		MinSize:              aws.Int32(int32(a.Capacity.Min)),
		MaxSize:              aws.Int32(int32(a.Capacity.Max)),
		DesiredCapacity:      aws.Int32(int32(a.Capacity.Desired)),
	})
	if err != nil {
		return fmt.Errorf("update asg %q capacity to %+v: %w", a.Group, *a.Capacity, err)
	}
	return nil
}

func groupCapacity(g *astypes.AutoScalingGroup) api.Capacity {
	return api.Capacity{
		Min:     int(aws.ToInt32(g.MinSize)),
		Max:     int(aws.ToInt32(g.MaxSize)),
		Desired: int(aws.ToInt32(g.DesiredCapacity)),
	}
}
