package observe

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// readHealth counts each target group's targets by state.
func readHealth(ctx context.Context, elb awsapi.ELBv2, targetGroups []string) (map[string]reconcile.TargetHealth, error) {
	out := make(map[string]reconcile.TargetHealth, len(targetGroups))
	for _, tg := range targetGroups {
		res, err := elb.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)})
		if err != nil {
			return nil, fmt.Errorf("describe target health of %q: %w", tg, err)
		}
		var h reconcile.TargetHealth
		for _, d := range res.TargetHealthDescriptions {
			var state elbtypes.TargetHealthStateEnum
			if d.TargetHealth != nil {
				state = d.TargetHealth.State
			}
			count(&h, state)
		}
		out[tg] = h
	}
	return out, nil
}

// count adds one target in state to h. Unknown states count as unhealthy:
// only "healthy" ever lets traffic in.
func count(h *reconcile.TargetHealth, state elbtypes.TargetHealthStateEnum) {
	switch state {
	case elbtypes.TargetHealthStateEnumHealthy:
		h.Healthy++
	case elbtypes.TargetHealthStateEnumInitial:
		h.Initial++
	case elbtypes.TargetHealthStateEnumDraining, elbtypes.TargetHealthStateEnumUnhealthyDraining:
		h.Draining++
	case elbtypes.TargetHealthStateEnumUnused, elbtypes.TargetHealthStateEnumUnavailable:
		h.Unused++
	default:
		h.Unhealthy++
	}
}
