package awsapitest

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// testTargetGroups: target groups read back by ARN and by name, as
// instance target groups with their health check, attached to the load
// balancer of a listener that forwards to them (weight 0 included);
// missing ones are not_found.
func testTargetGroups(t *testing.T, s *suite) {
	blue, green := s.b.TargetGroup(t, "web-blue"), s.b.TargetGroup(t, "web-green")
	l := s.b.Listener(t, map[string]int{blue: 100, green: 0})
	lb := aws.ToString(s.listener(t, l).LoadBalancerArn)
	byARN := s.targetGroups(t, &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{blue, green}})
	if got := fmt.Sprint(tgNames(byARN)); got != fmt.Sprint(map[string]string{blue: "web-blue", green: "web-green"}) {
		t.Errorf("by ARN: %s", got)
	}
	for _, tg := range byARN {
		if tg.TargetType != elbtypes.TargetTypeEnumInstance || aws.ToInt32(tg.HealthCheckIntervalSeconds) <= 0 {
			t.Errorf("%s: target type %q, health check every %ds; want instance and a positive interval", aws.ToString(tg.TargetGroupName), tg.TargetType, aws.ToInt32(tg.HealthCheckIntervalSeconds))
		}
		if len(tg.LoadBalancerArns) != 1 || tg.LoadBalancerArns[0] != lb {
			t.Errorf("%s: load balancers %q, want [%s]", aws.ToString(tg.TargetGroupName), tg.LoadBalancerArns, lb)
		}
	}
	byName := s.targetGroups(t, &elbv2.DescribeTargetGroupsInput{Names: []string{"web-green"}})
	if len(byName) != 1 || aws.ToString(byName[0].TargetGroupArn) != green {
		t.Errorf("by name: %v, want just %s", tgNames(byName), green)
	}
	t.Run("not_found", func(t *testing.T) {
		_, err := s.c.ELBv2.DescribeTargetGroups(t.Context(), &elbv2.DescribeTargetGroupsInput{TargetGroupArns: []string{missingARN(blue)}})
		wantClass(t, err, awsapi.ClassNotFound, "describe a missing target group ARN")
		_, err = s.c.ELBv2.DescribeTargetGroups(t.Context(), &elbv2.DescribeTargetGroupsInput{Names: []string{"no-such-group"}})
		wantClass(t, err, awsapi.ClassNotFound, "describe a missing target group name")
	})
}

func (s *suite) targetGroups(t *testing.T, in *elbv2.DescribeTargetGroupsInput) []elbtypes.TargetGroup {
	t.Helper()
	out, err := s.c.ELBv2.DescribeTargetGroups(t.Context(), in)
	noErr(t, err, "describe target groups")
	return out.TargetGroups
}

func tgNames(tgs []elbtypes.TargetGroup) map[string]string {
	out := map[string]string{}
	for _, tg := range tgs {
		out[aws.ToString(tg.TargetGroupArn)] = aws.ToString(tg.TargetGroupName)
	}
	return out
}
