package simaws

import (
	"context"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// DescribeListeners returns listeners by ListenerArns or LoadBalancerArn.
// Within ConsistencyDelay of a ModifyListener (or on a stale read) a
// listener shows its previous default action.
func (c *Cloud) DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	return run(ctx, c, opDescribeListeners, func(cc callCtx) (*elbv2.DescribeListenersOutput, error) {
		if in == nil {
			in = &elbv2.DescribeListenersInput{}
		}
		limit, ok := pageLimit(in.PageSize, 0, 400)
		if !ok {
			return nil, validationError("PageSize must be between 1 and 400")
		}
		ls, err := c.selectListeners(in.ListenerArns, in.LoadBalancerArn)
		if err != nil {
			return nil, err
		}
		page, next, err := paginate(ls, func(l *listener) string { return l.arn }, opDescribeListeners, aws.ToString(in.Marker), limit)
		if err != nil {
			return nil, validationError("The marker is not valid")
		}
		out := &elbv2.DescribeListenersOutput{Listeners: []types.Listener{}, NextMarker: optString(next)}
		for _, l := range page {
			out.Listeners = append(out.Listeners, c.renderListener(l, c.visible(&l.forwarding, cc)))
		}
		return out, nil
	})
}

func (c *Cloud) selectListeners(arns []string, lb *string) ([]*listener, error) {
	switch {
	case len(arns) > 0 && lb != nil:
		return nil, validationError("Listener ARNs and a load balancer ARN cannot be specified at the same time")
	case lb != nil && *lb != c.albARN:
		return nil, apiError(codeLBNotFound, "One or more load balancers not found")
	case lb != nil:
		arns = sortedKeys(c.listeners)
	case len(arns) == 0:
		return nil, validationError("You must specify either listener ARNs or a load balancer ARN")
	}
	var out []*listener
	for _, arn := range uniqueSorted(arns) {
		l, ok := c.listeners[arn]
		if !ok {
			return nil, apiError(codeListenerNotFound, "One or more listeners not found")
		}
		out = append(out, l)
	}
	return out, nil
}

// ModifyListener replaces the listener's default action (when
// DefaultActions is given; other fields are accepted and ignored).
func (c *Cloud) ModifyListener(ctx context.Context, in *elbv2.ModifyListenerInput, _ ...func(*elbv2.Options)) (*elbv2.ModifyListenerOutput, error) {
	return run(ctx, c, opModifyListener, func(callCtx) (*elbv2.ModifyListenerOutput, error) {
		if in == nil {
			in = &elbv2.ModifyListenerInput{}
		}
		l, ok := c.listeners[aws.ToString(in.ListenerArn)]
		if !ok {
			return nil, apiError(codeListenerNotFound, "One or more listeners not found")
		}
		if len(in.DefaultActions) > 0 {
			fwd, err := c.parseForward(in.DefaultActions)
			if err != nil {
				return nil, err
			}
			l.set(c.now, fwd)
		}
		return &elbv2.ModifyListenerOutput{Listeners: []types.Listener{c.renderListener(l, l.fwd)}}, nil
	})
}

func (c *Cloud) renderListener(l *listener, fwd []forward) types.Listener {
	return types.Listener{
		DefaultActions:  renderForward(fwd),
		ListenerArn:     aws.String(l.arn),
		LoadBalancerArn: aws.String(c.albARN),
		Port:            aws.Int32(l.port),
		Protocol:        l.protocol,
	}
}

// DescribeRules returns rules by RuleArns or all rules of ListenerArn
// (by priority, the default rule last). Within ConsistencyDelay of a
// ModifyRule (or on a stale read) a rule shows its previous action.
func (c *Cloud) DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	return run(ctx, c, opDescribeRules, func(cc callCtx) (*elbv2.DescribeRulesOutput, error) {
		if in == nil {
			in = &elbv2.DescribeRulesInput{}
		}
		limit, ok := pageLimit(in.PageSize, 0, 400)
		if !ok {
			return nil, validationError("PageSize must be between 1 and 400")
		}
		rs, err := c.selectRules(in.RuleArns, in.ListenerArn)
		if err != nil {
			return nil, err
		}
		page, next, err := paginate(rs, (*rule).key, opDescribeRules, aws.ToString(in.Marker), limit)
		if err != nil {
			return nil, validationError("The marker is not valid")
		}
		out := &elbv2.DescribeRulesOutput{Rules: []types.Rule{}, NextMarker: optString(next)}
		for _, r := range page {
			out.Rules = append(out.Rules, c.renderRule(r, c.visible(c.ruleForwarding(r), cc)))
		}
		return out, nil
	})
}

// key orders a listener's rules by priority, the default rule last.
func (r *rule) key() string {
	p := r.priority
	if r.isDefault() {
		p = 999999
	}
	return r.listener + "/" + strconv.Itoa(1000000+p) + "/" + r.arn
}

func (c *Cloud) selectRules(arns []string, listenerARN *string) ([]*rule, error) {
	var out []*rule
	switch {
	case len(arns) > 0 && listenerARN != nil, len(arns) == 0 && listenerARN == nil:
		return nil, validationError("You must specify either listener ARN or rule ARNs, but not both")
	case listenerARN != nil:
		if _, ok := c.listeners[*listenerARN]; !ok {
			return nil, apiError(codeListenerNotFound, "One or more listeners not found")
		}
		for _, arn := range sortedKeys(c.rules) {
			if c.rules[arn].listener == *listenerARN {
				out = append(out, c.rules[arn])
			}
		}
	default:
		for _, arn := range uniqueSorted(arns) {
			r, ok := c.rules[arn]
			if !ok {
				return nil, apiError(codeRuleNotFound, "One or more rules not found")
			}
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *rule) int { return compareStrings(a.key(), b.key()) })
	return out, nil
}

// ModifyRule replaces a rule's actions (when Actions is given; conditions
// are accepted and ignored). The default rule cannot be modified.
func (c *Cloud) ModifyRule(ctx context.Context, in *elbv2.ModifyRuleInput, _ ...func(*elbv2.Options)) (*elbv2.ModifyRuleOutput, error) {
	return run(ctx, c, opModifyRule, func(callCtx) (*elbv2.ModifyRuleOutput, error) {
		if in == nil {
			in = &elbv2.ModifyRuleInput{}
		}
		r, ok := c.rules[aws.ToString(in.RuleArn)]
		if !ok {
			return nil, apiError(codeRuleNotFound, "One or more rules not found")
		}
		if r.isDefault() {
			return nil, apiError(codeOperationForbidden, "Default rule '%s' cannot be modified", r.arn)
		}
		if len(in.Actions) > 0 {
			fwd, err := c.parseForward(in.Actions)
			if err != nil {
				return nil, err
			}
			r.set(c.now, fwd)
		}
		return &elbv2.ModifyRuleOutput{Rules: []types.Rule{c.renderRule(r, r.fwd)}}, nil
	})
}

// ruleForwarding is the action a rule shows: a default rule shows its
// listener's default action.
func (c *Cloud) ruleForwarding(r *rule) *forwarding {
	if r.isDefault() {
		return &c.listeners[r.listener].forwarding
	}
	return &r.forwarding
}

func (c *Cloud) renderRule(r *rule, fwd []forward) types.Rule {
	out := types.Rule{
		RuleArn:    aws.String(r.arn),
		IsDefault:  aws.Bool(r.isDefault()),
		Priority:   aws.String("default"),
		Conditions: []types.RuleCondition{},
		Actions:    renderForward(fwd),
	}
	if !r.isDefault() {
		out.Priority = aws.String(strconv.Itoa(r.priority))
		out.Conditions = []types.RuleCondition{{
			Field:             aws.String("path-pattern"),
			Values:            []string{"/*"},
			PathPatternConfig: &types.PathPatternConditionConfig{Values: []string{"/*"}},
		}}
	}
	return out
}
