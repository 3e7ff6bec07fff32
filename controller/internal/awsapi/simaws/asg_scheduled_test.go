package simaws

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

func scheduledAt(name string, start time.Time) *autoscaling.PutScheduledUpdateGroupActionInput {
	return &autoscaling.PutScheduledUpdateGroupActionInput{AutoScalingGroupName: aws.String("web-v001"),
		ScheduledActionName: aws.String(name), StartTime: aws.Time(start), DesiredCapacity: aws.Int32(2)}
}

// Without names, DescribeScheduledActions keeps the actions that start
// within [StartTime, EndTime]; with names it ignores the times.
func TestDescribeScheduledActionsByTime(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	for i, name := range []string{"a", "b", "c"} {
		if _, err := f.c.PutScheduledUpdateGroupAction(f.ctx, scheduledAt(name, t0.Add(time.Duration(i+1)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	names := func(in *autoscaling.DescribeScheduledActionsInput) []string {
		out, err := f.c.DescribeScheduledActions(f.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range out.ScheduledUpdateGroupActions {
			got = append(got, aws.ToString(a.ScheduledActionName))
		}
		return got
	}
	from, to := aws.Time(t0.Add(90*time.Minute)), aws.Time(t0.Add(3*time.Hour))
	if got := names(&autoscaling.DescribeScheduledActionsInput{StartTime: from, EndTime: to}); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("by time: %q, want b and c", got)
	}
	if got := names(&autoscaling.DescribeScheduledActionsInput{StartTime: from, ScheduledActionNames: []string{"a"}}); !slices.Equal(got, []string{"a"}) {
		t.Errorf("by name and time: %q, want a (names win)", got)
	}
}

func TestScheduledTimesValidation(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	f.advance(time.Hour)
	for name, tc := range map[string]struct {
		mut  func(*autoscaling.PutScheduledUpdateGroupActionInput)
		code string
	}{
		"future start":      {func(*autoscaling.PutScheduledUpdateGroupActionInput) {}, ""},
		"start in the past": {func(in *autoscaling.PutScheduledUpdateGroupActionInput) { in.StartTime = aws.Time(t0) }, codeValidation},
		"end before start": {func(in *autoscaling.PutScheduledUpdateGroupActionInput) {
			in.EndTime = aws.Time(t0.Add(90 * time.Minute))
		}, codeValidation},
		"min above max": {func(in *autoscaling.PutScheduledUpdateGroupActionInput) {
			in.MinSize, in.MaxSize = aws.Int32(3), aws.Int32(2)
		}, codeValidation},
		"local is no IANA tz": {func(in *autoscaling.PutScheduledUpdateGroupActionInput) { in.TimeZone = aws.String("Local") }, codeValidation},
		"named cron fields": {func(in *autoscaling.PutScheduledUpdateGroupActionInput) {
			in.Recurrence, in.TimeZone = aws.String("0 6 * JAN-MAR MON-FRI"), aws.String("America/New_York")
		}, ""},
	} {
		in := scheduledAt("s", t0.Add(2*time.Hour))
		tc.mut(in)
		_, err := f.c.PutScheduledUpdateGroupAction(f.ctx, in)
		if got := errCode(err); got != tc.code {
			t.Errorf("%s: error %v, want code %q", name, err, tc.code)
		}
	}
}
