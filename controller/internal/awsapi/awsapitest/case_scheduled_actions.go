package awsapitest

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// scheduledARN is the shape of a scheduled action's ARN.
var scheduledARN = regexp.MustCompile(`^arn:aws:autoscaling:[a-z0-9-]+:[0-9]{12}:scheduledUpdateGroupAction:[0-9a-f-]+:autoScalingGroupName/web-v001:scheduledActionName/[a-z]+$`)

// testScheduledActions: scheduled actions with recurrence, time zone,
// sizes and start and end times read back as put; a put by name replaces
// the action; names are per group; describes filter by name and page;
// delete removes one; unknown actions and groups are not_found; invalid
// puts are refused; deleting the group removes its actions.
func testScheduledActions(t *testing.T, s *suite) {
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	s.createGroup(t, s.groupInput(t, "web-v001", lt, 0))
	s.createGroup(t, s.groupInput(t, "web-v002", lt, 0))
	puts := scheduledPuts("web-v001", scheduledStart())
	for _, in := range puts {
		s.putScheduled(t, in)
	}
	got := s.scheduled(t, "web-v001")
	for _, in := range puts {
		name := aws.ToString(in.ScheduledActionName)
		t.Run("read_back_"+name, func(t *testing.T) {
			if want, have := viewOfScheduledPut(in), viewOfScheduled(got[name], in); want != have {
				t.Errorf("scheduled action %s reads back as\n%s\nwant\n%s", name, have, want)
			}
		})
	}
	t.Run("arn", func(t *testing.T) {
		s.skip(t, DiffScheduledActionARN)
		for name, a := range s.scheduled(t, "web-v001") {
			if arn := aws.ToString(a.ScheduledActionARN); !scheduledARN.MatchString(arn) {
				t.Errorf("scheduled action %s has ARN %q, want the shape %s", name, arn, scheduledARN)
			}
		}
	})
	t.Run("upsert", func(t *testing.T) {
		again := *puts[1]
		again.Recurrence, again.MinSize, again.MaxSize = aws.String("30 5 * * 1-5"), aws.Int32(1), aws.Int32(3)
		s.putScheduled(t, &again)
		got := s.scheduled(t, "web-v001")
		if want, have := viewOfScheduledPut(&again), viewOfScheduled(got["morning"], &again); len(got) != len(puts) || want != have {
			t.Errorf("after a second put: %d actions, morning reads\n%s\nwant\n%s", len(got), have, want)
		}
	})
	t.Run("names_per_group", func(t *testing.T) {
		s.skip(t, DiffScalingNamesPerGroup)
		other := *puts[1]
		other.AutoScalingGroupName = aws.String("web-v002")
		s.putScheduled(t, &other)
		if _, ok := s.scheduled(t, "web-v001")["morning"]; !ok {
			t.Error("putting web-v002's morning removed web-v001's")
		}
	})
	t.Run("describe_filters", func(t *testing.T) { s.checkScheduledFilters(t, len(puts)) })
	t.Run("delete", func(t *testing.T) {
		noErr(t, s.deleteScheduled(t, "web-v001", "morning"), "delete morning")
		if got := s.scheduled(t, "web-v001"); len(got) != len(puts)-1 {
			t.Errorf("after deleting morning the group has %d actions, want %d", len(got), len(puts)-1)
		}
		wantClass(t, s.deleteScheduled(t, "web-v001", "no-such-action"), awsapi.ClassNotFound, "delete an unknown scheduled action")
	})
	t.Run("missing_group", func(t *testing.T) {
		s.skip(t, DiffScalingMissingGroup)
		_, err := s.c.AutoScaling.PutScheduledUpdateGroupAction(t.Context(), scheduledPuts("no-such-group", scheduledStart())[1])
		wantClass(t, err, awsapi.ClassNotFound, "put a scheduled action on a missing group")
		_, err = awsapi.GroupScheduledActions(t.Context(), s.c.AutoScaling, "no-such-group")
		wantClass(t, err, awsapi.ClassNotFound, "describe the scheduled actions of a missing group")
	})
	t.Run("invalid", func(t *testing.T) { s.checkScheduledValidation(t) })
	t.Run("group_delete", func(t *testing.T) { s.checkGroupDeleteRemovesScheduled(t) })
}

// checkScheduledFilters: DescribeScheduledActions by names (unknown ones
// left out) and in pages of MaxRecords.
func (s *suite) checkScheduledFilters(t *testing.T, total int) {
	t.Run("names", func(t *testing.T) {
		out, err := s.c.AutoScaling.DescribeScheduledActions(t.Context(), &autoscaling.DescribeScheduledActionsInput{
			AutoScalingGroupName: aws.String("web-v001"), ScheduledActionNames: []string{"night", "no-such-action"},
		})
		noErr(t, err, "describe scheduled actions by name")
		if len(out.ScheduledUpdateGroupActions) != 1 || aws.ToString(out.ScheduledUpdateGroupActions[0].ScheduledActionName) != "night" {
			t.Errorf("describe by names night and no-such-action found %d actions, want night alone", len(out.ScheduledUpdateGroupActions))
		}
	})
	t.Run("pages", func(t *testing.T) {
		s.skip(t, DiffScalingPages)
		first, err := s.c.AutoScaling.DescribeScheduledActions(t.Context(), &autoscaling.DescribeScheduledActionsInput{
			AutoScalingGroupName: aws.String("web-v001"), MaxRecords: aws.Int32(1),
		})
		noErr(t, err, "describe the first page of scheduled actions")
		if len(first.ScheduledUpdateGroupActions) != 1 || aws.ToString(first.NextToken) == "" {
			t.Fatalf("first page: %d actions, next token %q; want 1 and a token", len(first.ScheduledUpdateGroupActions), aws.ToString(first.NextToken))
		}
		if n := len(s.scheduled(t, "web-v001")); n != total {
			t.Errorf("GroupScheduledActions found %d actions, want %d", n, total)
		}
	})
}

// checkScheduledValidation: puts AWS refuses are validation errors.
func (s *suite) checkScheduledValidation(t *testing.T) {
	s.skip(t, DiffScalingValidation)
	base := func(name string) *autoscaling.PutScheduledUpdateGroupActionInput {
		return &autoscaling.PutScheduledUpdateGroupActionInput{AutoScalingGroupName: aws.String("web-v001"),
			ScheduledActionName: aws.String(name), Recurrence: aws.String("0 6 * * *"), MaxSize: aws.Int32(3)}
	}
	noSize, badZone, badCron, past := base("no-size"), base("bad-zone"), base("bad-cron"), base("past")
	noSize.MaxSize = nil
	badZone.TimeZone = aws.String("Mars/Olympus_Mons")
	badCron.Recurrence = aws.String("every morning")
	past.StartTime = aws.Time(time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, in := range []*autoscaling.PutScheduledUpdateGroupActionInput{noSize, badZone, badCron, past} {
		_, err := s.c.AutoScaling.PutScheduledUpdateGroupAction(t.Context(), in)
		wantClass(t, err, awsapi.ClassValidation, "put scheduled action "+aws.ToString(in.ScheduledActionName))
	}
	for name := range s.scheduled(t, "web-v001") {
		if slices.Contains([]string{"no-size", "bad-zone", "bad-cron", "past"}, name) {
			t.Errorf("a refused put left scheduled action %s", name)
		}
	}
}

// checkGroupDeleteRemovesScheduled: deleting a group deletes its
// scheduled actions and no other group's.
func (s *suite) checkGroupDeleteRemovesScheduled(t *testing.T) {
	kept := scheduledPuts("web-v002", scheduledStart())[0]
	kept.ScheduledActionName = aws.String("kept")
	s.putScheduled(t, kept)
	noErr(t, s.deleteGroup(t, "web-v001", false), "delete web-v001")
	s.waitGone(t, "web-v001")
	s.skip(t, DiffGroupDeleteKeepsScaling)
	all := s.allScheduled(t)
	for _, a := range all {
		if strings.HasPrefix(a, "web-v001/") {
			t.Errorf("scheduled action %s outlived its group", a)
		}
	}
	if !slices.Contains(all, "web-v002/kept") {
		t.Errorf("deleting web-v001 removed web-v002's scheduled action: %q", all)
	}
}
