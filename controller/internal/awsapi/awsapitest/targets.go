package awsapitest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// targets returns a target group's registered targets: instance id ->
// health state.
func (s *suite) targets(t *testing.T, tg string) map[string]string {
	t.Helper()
	out, err := s.c.ELBv2.DescribeTargetHealth(t.Context(), &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)})
	noErr(t, err, "describe target health")
	got := map[string]string{}
	for _, d := range out.TargetHealthDescriptions {
		state := "none"
		if d.TargetHealth != nil {
			state = string(d.TargetHealth.State)
		}
		got[aws.ToString(d.Target.Id)] = state
	}
	return got
}

// waitForTargets waits until the target group's targets are exactly ids,
// all in state ("" for any state).
func (s *suite) waitForTargets(t *testing.T, tg string, ids []string, state string) {
	t.Helper()
	s.waitFor(t, boot, fmt.Sprintf("targets %q %s", ids, state), func() (bool, string) {
		got := s.targets(t, tg)
		if len(got) != len(ids) {
			return false, fmt.Sprint(got)
		}
		for _, id := range ids {
			if st, ok := got[id]; !ok || state != "" && st != state {
				return false, fmt.Sprint(got)
			}
		}
		return true, fmt.Sprint(got)
	})
}

// waitHealthy waits, from the group's creation on, until it has n
// instances, all InService, and they are exactly the target group's
// targets, all healthy. It returns their ids and, per target, every state
// it was seen in, in order.
func (s *suite) waitHealthy(t *testing.T, name, tg string, n int) ([]string, map[string][]string) {
	t.Helper()
	seen := map[string][]string{}
	var ids []string
	s.waitFor(t, boot, fmt.Sprintf("%d healthy targets of %s", n, name), func() (bool, string) {
		g := s.group(t, name)
		if g == nil {
			return false, "group not visible yet"
		}
		ids = inService(g)
		targets := s.targets(t, tg)
		healthy := 0
		for id, state := range targets {
			if states := seen[id]; len(states) == 0 || states[len(states)-1] != state {
				seen[id] = append(states, state)
			}
			if state == string(elbtypes.TargetHealthStateEnumHealthy) && slices.Contains(ids, id) {
				healthy++
			}
		}
		return len(ids) == n && len(g.Instances) == n && len(targets) == n && healthy == n, fmt.Sprintf("%s; targets %v", lifecycles(g), targets)
	})
	return ids, seen
}
