package observe

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Forward is the traffic split as the load balancer reports it: the actions
// of the rule (or the listener's default actions) and the forward weights
// among them.
type Forward struct {
	// Actions is the full action list the forward action sits in, as read;
	// a writer replaces only the forward action and keeps the others.
	Actions []elbtypes.Action
	// Weights are the forward weights by target group ARN, normalised (see
	// forwardWeights); empty when no forward action exists.
	Weights map[string]int
}

// ReadForward reads the rule's actions when rule is set, else the listener's
// default actions.
func ReadForward(ctx context.Context, elb awsapi.ELBv2, listener, rule string) (Forward, error) {
	actions, err := readActions(ctx, elb, listener, rule)
	if err != nil {
		return Forward{}, err
	}
	return Forward{Actions: actions, Weights: forwardWeights(actions)}, nil
}

// ReadWeights reads the current forward weights with an entry for every one
// of targetGroups (0 when the load balancer does not list it).
func ReadWeights(ctx context.Context, elb awsapi.ELBv2, listener, rule string, targetGroups []string) (map[string]int, error) {
	fw, err := ReadForward(ctx, elb, listener, rule)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(targetGroups)+len(fw.Weights))
	for _, tg := range targetGroups {
		out[tg] = 0
	}
	for tg, w := range fw.Weights {
		out[tg] = w
	}
	return out, nil
}

func readActions(ctx context.Context, elb awsapi.ELBv2, listener, rule string) ([]elbtypes.Action, error) {
	if rule != "" {
		out, err := elb.DescribeRules(ctx, &elbv2.DescribeRulesInput{RuleArns: []string{rule}})
		if err != nil {
			return nil, fmt.Errorf("describe rule %q: %w", rule, err)
		}
		if len(out.Rules) == 0 {
			return nil, fmt.Errorf("describe rule %q: not returned", rule)
		}
		return out.Rules[0].Actions, nil
	}
	out, err := elb.DescribeListeners(ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{listener}})
	if err != nil {
		return nil, fmt.Errorf("describe listener %q: %w", listener, err)
	}
	if len(out.Listeners) == 0 {
		return nil, fmt.Errorf("describe listener %q: not returned", listener)
	}
	return out.Listeners[0].DefaultActions, nil
}

// ForwardIndex returns the index of the forward action in actions, or -1.
func ForwardIndex(actions []elbtypes.Action) int {
	for i, a := range actions {
		if a.Type == elbtypes.ActionTypeEnumForward {
			return i
		}
	}
	return -1
}

// forwardWeights reads the forward action's weights. A plain forward
// (TargetGroupArn only) is 100 on that group. ALB weights are relative, and
// AWS reports a plain forward as a one-group ForwardConfig of weight 1, so
// when exactly one group has a non-zero (or unset) weight it carries all
// traffic and reads as 100.
func forwardWeights(actions []elbtypes.Action) map[string]int {
	out := map[string]int{}
	i := ForwardIndex(actions)
	if i < 0 {
		return out
	}
	a := actions[i]
	if a.ForwardConfig == nil || len(a.ForwardConfig.TargetGroups) == 0 {
		if arn := aws.ToString(a.TargetGroupArn); arn != "" {
			out[arn] = 100
		}
		return out
	}
	var live []string
	for _, t := range a.ForwardConfig.TargetGroups {
		arn := aws.ToString(t.TargetGroupArn)
		out[arn] += int(aws.ToInt32(t.Weight))
		if t.Weight == nil || *t.Weight > 0 {
			live = append(live, arn)
		}
	}
	if len(live) == 1 {
		out[live[0]] = 100
	}
	return out
}
