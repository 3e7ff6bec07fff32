package scaling

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/asgctl/asgctl/controller/api"
)

// utcZone is the time zone PutScheduledInput states for an action that
// names none: a put leaves unstated settings of an existing action as they
// were, so UTC is always said out loud.
const utcZone = "Etc/UTC"

// PutScheduledInput is the PutScheduledUpdateGroupAction request that puts
// the recurring action a on group. A put keeps the min, max or desired
// size an existing action had when a leaves it out; Diff lists such
// actions in Changes.ResetActions, to be deleted before the put.
func PutScheduledInput(group string, a api.ScheduledAction) *autoscaling.PutScheduledUpdateGroupActionInput {
	tz := a.TimeZone
	if tz == "" {
		tz = utcZone
	}
	return &autoscaling.PutScheduledUpdateGroupActionInput{
		AutoScalingGroupName: aws.String(group),
		ScheduledActionName:  aws.String(a.Name),
		Recurrence:           aws.String(a.Recurrence),
		TimeZone:             aws.String(tz),
		MinSize:              size32(a.Min),
		MaxSize:              size32(a.Max),
		DesiredCapacity:      size32(a.Desired),
	}
}

func size32(p *int) *int32 {
	if p == nil {
		return nil
	}
	return aws.Int32(int32of(*p))
}
