package awsapitest

import (
	"fmt"
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// shifts are the weight steps the suite sets, as blue/green.
var shifts = [][2]int{{90, 10}, {50, 50}, {0, 100}, {100, 0}}

// testListenerWeights: a listener's weighted forward default action reads
// back after every shift, also by load balancer; missing listeners and
// target groups are not_found, weights over 999 are validation.
func testListenerWeights(t *testing.T, s *suite) {
	blue, green := s.b.TargetGroup(t, "web-blue"), s.b.TargetGroup(t, "web-green")
	l := s.b.Listener(t, map[string]int{blue: 100, green: 0})
	s.wantListenerWeights(t, l, map[string]int{blue: 100, green: 0})
	for _, w := range shifts {
		want := map[string]int{blue: w[0], green: w[1]}
		_, err := s.c.ELBv2.ModifyListener(t.Context(), &elbv2.ModifyListenerInput{ListenerArn: aws.String(l), DefaultActions: forward(want)})
		noErr(t, err, fmt.Sprintf("shift to %v", w))
		s.wantListenerWeights(t, l, want)
	}
	t.Run("by_load_balancer", func(t *testing.T) {
		lb := aws.ToString(s.listener(t, l).LoadBalancerArn)
		out, err := s.c.ELBv2.DescribeListeners(t.Context(), &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(lb)})
		noErr(t, err, "describe listeners by load balancer")
		if len(out.Listeners) != 1 || aws.ToString(out.Listeners[0].ListenerArn) != l {
			t.Errorf("listeners of %s = %d, want just %s", lb, len(out.Listeners), l)
		}
	})
	t.Run("errors", func(t *testing.T) { s.listenerErrors(t, l, blue, green) })
}

func (s *suite) listenerErrors(t *testing.T, l, blue, green string) {
	_, err := s.c.ELBv2.DescribeListeners(t.Context(), &elbv2.DescribeListenersInput{ListenerArns: []string{missingARN(l)}})
	wantClass(t, err, awsapi.ClassNotFound, "describe a missing listener")
	_, err = s.c.ELBv2.ModifyListener(t.Context(), &elbv2.ModifyListenerInput{ListenerArn: aws.String(missingARN(l)), DefaultActions: forward(map[string]int{blue: 1})})
	wantClass(t, err, awsapi.ClassNotFound, "modify a missing listener")
	t.Run("unknown_target_group", func(t *testing.T) {
		s.skip(t, DiffForwardValidation)
		_, err := s.c.ELBv2.ModifyListener(t.Context(), &elbv2.ModifyListenerInput{ListenerArn: aws.String(l), DefaultActions: forward(map[string]int{blue: 50, missingARN(green): 50})})
		wantClass(t, err, awsapi.ClassNotFound, "forward to a missing target group")
	})
	t.Run("weight_over_999", func(t *testing.T) {
		s.skip(t, DiffForwardValidation)
		_, err := s.c.ELBv2.ModifyListener(t.Context(), &elbv2.ModifyListenerInput{ListenerArn: aws.String(l), DefaultActions: forward(map[string]int{blue: 1000, green: 0})})
		wantClass(t, err, awsapi.ClassValidation, "weight 1000")
	})
	s.wantListenerWeights(t, l, map[string]int{blue: 100, green: 0}) // failed modifies change nothing
}

func (s *suite) listener(t *testing.T, arn string) *elbtypes.Listener {
	t.Helper()
	out, err := s.c.ELBv2.DescribeListeners(t.Context(), &elbv2.DescribeListenersInput{ListenerArns: []string{arn}})
	noErr(t, err, "describe listener")
	if len(out.Listeners) != 1 {
		t.Fatalf("describe listener %s: %d listeners", arn, len(out.Listeners))
	}
	return &out.Listeners[0]
}

// wantListenerWeights waits until the listener's default action shows want.
func (s *suite) wantListenerWeights(t *testing.T, l string, want map[string]int) {
	t.Helper()
	s.waitFor(t, settle, fmt.Sprintf("listener weights %v", want), func() (bool, string) {
		got := weights(s.listener(t, l).DefaultActions)
		return maps.Equal(got, want), fmt.Sprint(got)
	})
}
