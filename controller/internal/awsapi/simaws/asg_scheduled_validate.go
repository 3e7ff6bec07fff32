package simaws

import (
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // time zones must not depend on the host's zoneinfo

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// cronField is one field of a recurrence: numbers, names (JAN, MON),
// ranges, lists, steps and *.
var cronField = regexp.MustCompile(`^[0-9A-Za-z*?,/\-]+$`)

// scheduledDefinition validates a put as Auto Scaling does and returns the
// definition it stores: at least one of MinSize, MaxSize and
// DesiredCapacity, none negative and MinSize <= MaxSize; a recurrence of
// five cron fields; an IANA time zone; a start time not in the past; an
// end time after the start and not in the past.
func (c *Cloud) scheduledDefinition(in *autoscaling.PutScheduledUpdateGroupActionInput) (types.ScheduledUpdateGroupAction, error) {
	var none types.ScheduledUpdateGroupAction
	in = cloneJSON(in)
	if name := aws.ToString(in.ScheduledActionName); name == "" || len(name) > 255 {
		return none, validationError("ScheduledActionName must be 1-255 characters")
	}
	if err := checkScheduledSizes(in.MinSize, in.MaxSize, in.DesiredCapacity); err != nil {
		return none, err
	}
	if r := in.Recurrence; r != nil {
		fields := strings.Fields(*r)
		if len(fields) != 5 || !allMatch(cronField, fields) {
			return none, validationError("Recurrence '%s' is not five cron fields: [Minute] [Hour] [Day_of_Month] [Month_of_Year] [Day_of_Week]", *r)
		}
	}
	if tz := aws.ToString(in.TimeZone); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
			return none, validationError("TimeZone '%s' is not a canonical IANA time zone name", tz)
		}
	}
	start, end := in.StartTime, in.EndTime
	switch {
	case start != nil && start.Before(c.now):
		return none, validationError("Given start time is in the past")
	case end != nil && (end.Before(c.now) || start != nil && !end.After(*start)):
		return none, validationError("EndTime must be in the future and after StartTime")
	}
	return types.ScheduledUpdateGroupAction{
		MinSize: in.MinSize, MaxSize: in.MaxSize, DesiredCapacity: in.DesiredCapacity, Recurrence: in.Recurrence,
		TimeZone: in.TimeZone, StartTime: utc(start), EndTime: utc(end),
	}, nil
}

func checkScheduledSizes(minSize, maxSize, desired *int32) error {
	switch {
	case minSize == nil && maxSize == nil && desired == nil:
		return validationError("Specify at least one of MinSize, MaxSize and DesiredCapacity")
	case aws.ToInt32(minSize) < 0 || aws.ToInt32(maxSize) < 0 || aws.ToInt32(desired) < 0:
		return validationError("MinSize, MaxSize and DesiredCapacity must not be negative")
	case minSize != nil && maxSize != nil && *minSize > *maxSize:
		return validationError("MinSize must not be greater than MaxSize")
	}
	return nil
}

func allMatch(re *regexp.Regexp, ss []string) bool {
	for _, s := range ss {
		if !re.MatchString(s) {
			return false
		}
	}
	return true
}

// utc is t in UTC at whole seconds, as Auto Scaling keeps times.
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Second)
	return &u
}
