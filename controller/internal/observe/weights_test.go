package observe_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// setListener writes the listener's weights the way an operator would.
func setListener(t *testing.T, f *fixture, weights map[string]int) {
	t.Helper()
	fc := &elbtypes.ForwardActionConfig{}
	for _, tg := range f.spec.TargetGroups {
		if w, ok := weights[tg]; ok {
			fc.TargetGroups = append(fc.TargetGroups, elbtypes.TargetGroupTuple{TargetGroupArn: aws.String(tg), Weight: aws.Int32(int32(w))})
		}
	}
	_, err := f.cloud.ModifyListener(ctx, &elbv2.ModifyListenerInput{
		ListenerArn:    aws.String(f.spec.ListenerARN),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: fc}},
	})
	if err != nil {
		t.Fatalf("set listener: %v", err)
	}
}
