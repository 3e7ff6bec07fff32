package scaling

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// Have reads what AWS shows for group into the canonical Config: policies
// (DescribePolicies), scheduled actions (DescribeScheduledActions) and the
// metric alarms the step and simple policies list (DescribeAlarms). The
// defaults AWS fills in that the spec leaves out (enabled, the Average
// metric aggregation, the 60-second period of a custom target-tracking
// metric, missing data treated as missing, the start time of a recurring
// action, a UTC time zone, any instance warmup) do not show; the
// target-tracking alarms AWS manages are not read.
//
// What the spec cannot express goes into Config.ForeignPolicies or
// ForeignActions, and the second result says why, one sentence each,
// naming the policy or action, in name order. Policies and actions of
// another group are left out with a sentence too.
func Have(group string, policies []astypes.ScalingPolicy, actions []astypes.ScheduledUpdateGroupAction,
	alarms []cwtypes.MetricAlarm) (Config, []string) {
	c := Config{Group: group}
	var problems []string
	byName := make(map[string]cwtypes.MetricAlarm, len(alarms))
	for _, a := range alarms {
		byName[aws.ToString(a.AlarmName)] = a
	}
	policies = slices.SortedStableFunc(slices.Values(policies), func(a, b astypes.ScalingPolicy) int {
		return cmp.Compare(aws.ToString(a.PolicyName), aws.ToString(b.PolicyName))
	})
	for _, sp := range policies {
		name := aws.ToString(sp.PolicyName)
		if g := aws.ToString(sp.AutoScalingGroupName); g != "" && g != group {
			problems = append(problems, fmt.Sprintf("scaling policy %q belongs to group %q, not %q; left out", name, g, group))
			continue
		}
		p, why := havePolicy(sp, byName)
		if why != "" {
			problems = append(problems, fmt.Sprintf("scaling policy %q %s", name, why))
			c.ForeignPolicies = append(c.ForeignPolicies, Foreign{Name: name, Alarms: ownAlarms(sp, byName)})
			continue
		}
		c.Policies = append(c.Policies, p)
	}
	c.Actions, c.ForeignActions, problems = haveActions(group, actions, problems)
	return canonConfig(c), problems
}
