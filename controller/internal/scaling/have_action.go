package scaling

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/api"
)

// haveActions converts the scheduled actions AWS shows for group, in name
// order: those the spec can express, the names of those it cannot, and
// problems with a sentence for each of the latter appended.
func haveActions(group string, actions []astypes.ScheduledUpdateGroupAction, problems []string) ([]api.ScheduledAction, []string, []string) {
	actions = slices.SortedStableFunc(slices.Values(actions), func(a, b astypes.ScheduledUpdateGroupAction) int {
		return cmp.Compare(aws.ToString(a.ScheduledActionName), aws.ToString(b.ScheduledActionName))
	})
	var (
		out     []api.ScheduledAction
		foreign []string
	)
	for _, sa := range actions {
		name := aws.ToString(sa.ScheduledActionName)
		if g := aws.ToString(sa.AutoScalingGroupName); g != "" && g != group {
			problems = append(problems, fmt.Sprintf("scheduled action %q belongs to group %q, not %q; left out", name, g, group))
			continue
		}
		a, why := haveAction(sa)
		if why != "" {
			problems = append(problems, fmt.Sprintf("scheduled action %q %s", name, why))
			foreign = append(foreign, name)
			continue
		}
		out = append(out, a)
	}
	return out, foreign, problems
}

// haveAction converts one scheduled action, or says why it cannot. The
// start time AWS shows for a recurring action (its next run) is ignored.
func haveAction(sa astypes.ScheduledUpdateGroupAction) (api.ScheduledAction, string) {
	rec := aws.ToString(sa.Recurrence)
	switch {
	case rec == "":
		at := sa.StartTime
		if at == nil {
			at = sa.Time
		}
		return api.ScheduledAction{}, fmt.Sprintf("runs once (at %s); the spec's actions recur", formatTime(at))
	case sa.EndTime != nil:
		return api.ScheduledAction{}, fmt.Sprintf("stops recurring at %s; the spec's actions recur without end", formatTime(sa.EndTime))
	case len(strings.Fields(rec)) != 5:
		return api.ScheduledAction{}, fmt.Sprintf("recurs on %q, which is not a five-field cron expression", rec)
	case sa.MinSize == nil && sa.MaxSize == nil && sa.DesiredCapacity == nil:
		return api.ScheduledAction{}, "sets none of min, max and desired"
	}
	return api.ScheduledAction{
		Name:       aws.ToString(sa.ScheduledActionName),
		Recurrence: rec,
		TimeZone:   aws.ToString(sa.TimeZone),
		Min:        sizeOf(sa.MinSize),
		Max:        sizeOf(sa.MaxSize),
		Desired:    sizeOf(sa.DesiredCapacity),
	}, ""
}

func sizeOf(p *int32) *int {
	if p == nil {
		return nil
	}
	v := int(*p)
	return &v
}

func formatTime(t *time.Time) string {
	if t == nil {
		return "an unknown time"
	}
	return t.UTC().Format(time.RFC3339)
}
