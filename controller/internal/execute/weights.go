package execute

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// setWeights writes the forward weights of the rule (or the listener's
// default action): nothing to do when they are already a.Weights, a
// conflict when they are neither that nor a.ExpectWeights. After writing it
// reads back once; a mismatch is eventual consistency, logged at debug and
// re-checked by the next pass.
func (e *Executor) setWeights(ctx context.Context, a reconcile.Action) error {
	if len(a.Weights) == 0 {
		return errors.New("set_weights without weights")
	}
	elb := e.Clients.ELBv2
	cur, err := observe.ReadForward(ctx, elb, a.Listener, a.Rule)
	if err != nil {
		return err
	}
	if SameWeights(cur.Weights, a.Weights) {
		return nil
	}
	if a.ExpectWeights != nil && !SameWeights(cur.Weights, a.ExpectWeights) {
		return preconditionf("weights are %v, expected %v", cur.Weights, a.ExpectWeights)
	}
	if err := writeForward(ctx, elb, a, withForward(cur.Actions, a.Weights)); err != nil {
		return err
	}
	back, err := observe.ReadForward(ctx, elb, a.Listener, a.Rule)
	if err != nil || !SameWeights(back.Weights, a.Weights) {
		e.logger().DebugContext(ctx, "weights not visible yet", "service", e.Service,
			"action", string(a.Kind), "listener", a.Listener, "rule", a.Rule, "error", err)
	}
	return nil
}

// writeForward writes actions to the rule, or as the listener's default.
func writeForward(ctx context.Context, elb awsapi.ELBv2, a reconcile.Action, actions []elbtypes.Action) error {
	if a.Rule != "" {
		_, err := elb.ModifyRule(ctx, &elbv2.ModifyRuleInput{RuleArn: aws.String(a.Rule), Actions: actions})
		if err != nil {
			return fmt.Errorf("modify rule %q weights to %v: %w", a.Rule, a.Weights, err)
		}
		return nil
	}
	_, err := elb.ModifyListener(ctx, &elbv2.ModifyListenerInput{ListenerArn: aws.String(a.Listener), DefaultActions: actions})
	if err != nil {
		return fmt.Errorf("modify listener %q weights to %v: %w", a.Listener, a.Weights, err)
	}
	return nil
}

// withForward returns actions with its forward action replaced by one
// splitting traffic by weights (sorted by ARN); other actions (authenticate,
// for example) and the stickiness setting are kept. Without a forward action
// the result is that one action.
func withForward(actions []elbtypes.Action, weights map[string]int) []elbtypes.Action {
	fwd := elbtypes.Action{Type: elbtypes.ActionTypeEnumForward, ForwardConfig: &elbtypes.ForwardActionConfig{}}
	arns := make([]string, 0, len(weights))
	for arn := range weights {
		arns = append(arns, arn)
	}
	sort.Strings(arns)
	for _, arn := range arns {
		fwd.ForwardConfig.TargetGroups = append(fwd.ForwardConfig.TargetGroups,
			elbtypes.TargetGroupTuple{TargetGroupArn: aws.String(arn), Weight: aws.Int32(int32(weights[arn]))})
	}
	i := observe.ForwardIndex(actions)
	if i < 0 {
		return []elbtypes.Action{fwd}
	}
	old := actions[i]
	fwd.Order = old.Order
	if old.ForwardConfig != nil {
		fwd.ForwardConfig.TargetGroupStickinessConfig = old.ForwardConfig.TargetGroupStickinessConfig
	}
	out := append([]elbtypes.Action(nil), actions...)
	out[i] = fwd
	return out
}

// SameWeights compares two weight maps, reading a missing entry as 0.
func SameWeights(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}
