package execute

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// deleteGroup force-deletes a group of this service, after the alarms
// asgctl made for its step and simple policies (AWS deletes the policies
// and scheduled actions with the group, not those alarms). An absent or
// already deleting group is done; a group tagged for another service is
// refused.
func (e *Executor) deleteGroup(ctx context.Context, a reconcile.Action) error {
	as := e.Clients.AutoScaling
	g, err := awsapi.Group(ctx, as, a.Group)
	if err != nil || g == nil {
		return err
	}
	if err := e.checkOwner(a, observe.TagValue(g.Tags, api.TagService)); err != nil {
		return err
	}
	if observe.NormaliseGroup(*g).Deleting {
		return nil
	}
	alarms, err := e.groupAlarms(ctx, a.Group)
	if err != nil {
		return err
	}
	if err := e.deleteAlarms(ctx, alarms); err != nil {
		return err
	}
	_, err = as.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(a.Group),
		ForceDelete:          aws.Bool(true),
	})
	if err == nil || !awsapi.IsClass(err, awsapi.ClassInUse) {
		return wrapDelete(a.Group, err)
	}
	// In use: fine when that is because a delete is already under way.
	again, derr := awsapi.Group(ctx, as, a.Group)
	if derr == nil && (again == nil || observe.NormaliseGroup(*again).Deleting) {
		return nil
	}
	return wrapDelete(a.Group, err)
}

// checkOwner refuses to delete a group that is not tagged for this service.
func (e *Executor) checkOwner(a reconcile.Action, tag string) error {
	if a.Service == "" || tag != a.Service || (e.Service != "" && a.Service != e.Service) {
		return preconditionf("asg %q is tagged for service %q, not %q", a.Group, tag, a.Service)
	}
	return nil
}

func wrapDelete(group string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("delete asg %q: %w", group, err)
}
