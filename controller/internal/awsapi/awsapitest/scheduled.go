package awsapitest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// scheduledPuts are the scheduled actions asgctl puts on a group: a
// nightly resize in a time zone between start and end, and a weekday
// morning raise of the maximum.
func scheduledPuts(group string, start time.Time) []*autoscaling.PutScheduledUpdateGroupActionInput {
	return []*autoscaling.PutScheduledUpdateGroupActionInput{
		{AutoScalingGroupName: aws.String(group), ScheduledActionName: aws.String("night"), Recurrence: aws.String("0 22 * * *"),
			TimeZone: aws.String("Europe/Berlin"), MinSize: aws.Int32(1), MaxSize: aws.Int32(2), DesiredCapacity: aws.Int32(1),
			StartTime: aws.Time(start), EndTime: aws.Time(start.AddDate(1, 0, 0))},
		{AutoScalingGroupName: aws.String(group), ScheduledActionName: aws.String("morning"), Recurrence: aws.String("0 6 * * 1-5"),
			MaxSize: aws.Int32(4)},
	}
}

// scheduledStart is a start time in the future for every backend: the
// simulated clock starts in 2025, moto's is the wall clock.
func scheduledStart() time.Time {
	return time.Now().UTC().Truncate(time.Hour).AddDate(0, 1, 0)
}

// scheduledView is the part of a scheduled action the suite sets, as
// JSON; times only when the put set them (AWS shows a recurring action's
// next run as its start time).
type scheduledView struct {
	Recurrence, TimeZone string
	Min, Max, Desired    *int32
	Start, End           string
}

func viewOfScheduledPut(in *autoscaling.PutScheduledUpdateGroupActionInput) string {
	return scheduledView{aws.ToString(in.Recurrence), aws.ToString(in.TimeZone), in.MinSize, in.MaxSize, in.DesiredCapacity,
		stamp(in.StartTime), stamp(in.EndTime)}.json()
}

// viewOfScheduled shows a described action as the put would, taking the
// times the put set from it.
func viewOfScheduled(a astypes.ScheduledUpdateGroupAction, put *autoscaling.PutScheduledUpdateGroupActionInput) string {
	v := scheduledView{Recurrence: aws.ToString(a.Recurrence), TimeZone: aws.ToString(a.TimeZone), Min: a.MinSize, Max: a.MaxSize, Desired: a.DesiredCapacity}
	if put.StartTime != nil {
		v.Start = stamp(a.StartTime)
	}
	if put.EndTime != nil {
		v.End = stamp(a.EndTime)
	}
	return v.json()
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (v scheduledView) json() string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (s *suite) putScheduled(t *testing.T, in *autoscaling.PutScheduledUpdateGroupActionInput) {
	t.Helper()
	_, err := s.c.AutoScaling.PutScheduledUpdateGroupAction(t.Context(), in)
	noErr(t, err, "put scheduled action "+aws.ToString(in.ScheduledActionName))
}

// scheduled returns a group's scheduled actions by name.
func (s *suite) scheduled(t *testing.T, group string) map[string]astypes.ScheduledUpdateGroupAction {
	t.Helper()
	as, err := awsapi.GroupScheduledActions(t.Context(), s.c.AutoScaling, group)
	noErr(t, err, "describe the scheduled actions of "+group)
	out := map[string]astypes.ScheduledUpdateGroupAction{}
	for _, a := range as {
		if _, dup := out[aws.ToString(a.ScheduledActionName)]; dup {
			t.Errorf("group %s has two scheduled actions named %s", group, aws.ToString(a.ScheduledActionName))
		}
		out[aws.ToString(a.ScheduledActionName)] = a
	}
	return out
}

func (s *suite) deleteScheduled(t *testing.T, group, name string) error {
	_, err := s.c.AutoScaling.DeleteScheduledAction(t.Context(), &autoscaling.DeleteScheduledActionInput{
		AutoScalingGroupName: aws.String(group), ScheduledActionName: aws.String(name),
	})
	return err
}

// allScheduled returns every scheduled action of the account, all pages,
// by "<group>/<name>".
func (s *suite) allScheduled(t *testing.T) []string {
	t.Helper()
	var out []string
	in := &autoscaling.DescribeScheduledActionsInput{}
	for {
		page, err := s.c.AutoScaling.DescribeScheduledActions(t.Context(), in)
		noErr(t, err, "describe every scheduled action")
		for _, a := range page.ScheduledUpdateGroupActions {
			out = append(out, aws.ToString(a.AutoScalingGroupName)+"/"+aws.ToString(a.ScheduledActionName))
		}
		if aws.ToString(page.NextToken) == "" {
			return out
		}
		in.NextToken = page.NextToken
	}
}
