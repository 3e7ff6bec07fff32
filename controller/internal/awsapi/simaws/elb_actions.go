package simaws

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

const maxForwardTargetGroups = 5

// parseForward validates actions as one forward action, by TargetGroupArn
// or ForwardConfig weights (0-999, default 1, at most 5 target groups), and
// returns its target groups in the order given. The simulation models only
// forward actions.
func (c *Cloud) parseForward(actions []types.Action) ([]forward, error) {
	if len(actions) != 1 || actions[0].Type != types.ActionTypeEnumForward {
		return nil, validationError("simaws supports exactly one action of type 'forward'")
	}
	a := actions[0]
	if a.ForwardConfig == nil || len(a.ForwardConfig.TargetGroups) == 0 {
		if a.TargetGroupArn == nil {
			return nil, validationError("A target group ARN must be specified for a forward action")
		}
		return c.checkForwards([]forward{{tg: *a.TargetGroupArn, weight: 1}})
	}
	var fwd []forward
	for _, t := range a.ForwardConfig.TargetGroups {
		w := int(aws.ToInt32(t.Weight))
		if t.Weight == nil {
			w = 1
		}
		if w < 0 || w > 999 {
			return nil, validationError("Target group weight '%d' must be between 0 and 999", w)
		}
		fwd = append(fwd, forward{tg: aws.ToString(t.TargetGroupArn), weight: w})
	}
	if a.TargetGroupArn != nil && (len(fwd) != 1 || fwd[0].tg != *a.TargetGroupArn) {
		return nil, validationError("TargetGroupArn and ForwardConfig must name the same single target group when both are specified")
	}
	return c.checkForwards(fwd)
}

func (c *Cloud) checkForwards(fwd []forward) ([]forward, error) {
	if len(fwd) > maxForwardTargetGroups {
		return nil, validationError("A forward action can have at most %d target groups", maxForwardTargetGroups)
	}
	seen := map[string]bool{}
	for _, f := range fwd {
		if f.tg == "" {
			return nil, validationError("A target group ARN must be specified for a forward action")
		}
		if seen[f.tg] {
			return nil, validationError("Target group '%s' is specified more than once", f.tg)
		}
		seen[f.tg] = true
		if _, ok := c.targetGroups[f.tg]; !ok {
			return nil, apiError(codeTGNotFound, "Target groups '%s' not found", f.tg)
		}
	}
	return fwd, nil
}

// renderForward returns the action as DescribeListeners shows it: the
// weights in ForwardConfig, and TargetGroupArn too when there is one group.
func renderForward(fwd []forward) []types.Action {
	a := types.Action{
		Type: types.ActionTypeEnumForward,
		ForwardConfig: &types.ForwardActionConfig{
			TargetGroupStickinessConfig: &types.TargetGroupStickinessConfig{Enabled: aws.Bool(false)},
			TargetGroups:                make([]types.TargetGroupTuple, 0, len(fwd)),
		},
	}
	for _, f := range fwd {
		a.ForwardConfig.TargetGroups = append(a.ForwardConfig.TargetGroups,
			types.TargetGroupTuple{TargetGroupArn: aws.String(f.tg), Weight: aws.Int32(int32(f.weight))})
	}
	if len(fwd) == 1 {
		a.TargetGroupArn = aws.String(fwd[0].tg)
	}
	return []types.Action{a}
}
