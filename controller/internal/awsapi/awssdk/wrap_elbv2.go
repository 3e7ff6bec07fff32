package awssdk

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// limitedELBv2 puts the ELBv2 calls behind the rate limiter (see wrap.go).
type limitedELBv2 struct {
	c awsapi.ELBv2
	g Gate
}

var _ awsapi.ELBv2 = (*limitedELBv2)(nil)

// DescribeListeners calls DescribeListeners after taking a token.
func (w *limitedELBv2) DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	return call(ctx, w.g, "DescribeListeners", func() (*elbv2.DescribeListenersOutput, error) { return w.c.DescribeListeners(ctx, in, optFns...) })
}

// DescribeLoadBalancers calls DescribeLoadBalancers after taking a token.
func (w *limitedELBv2) DescribeLoadBalancers(ctx context.Context, in *elbv2.DescribeLoadBalancersInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error) {
	return call(ctx, w.g, "DescribeLoadBalancers", func() (*elbv2.DescribeLoadBalancersOutput, error) {
		return w.c.DescribeLoadBalancers(ctx, in, optFns...)
	})
}

// ModifyListener calls ModifyListener after taking a token.
func (w *limitedELBv2) ModifyListener(ctx context.Context, in *elbv2.ModifyListenerInput, optFns ...func(*elbv2.Options)) (*elbv2.ModifyListenerOutput, error) {
	return call(ctx, w.g, "ModifyListener", func() (*elbv2.ModifyListenerOutput, error) { return w.c.ModifyListener(ctx, in, optFns...) })
}

// DescribeRules calls DescribeRules after taking a token.
func (w *limitedELBv2) DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	return call(ctx, w.g, "DescribeRules", func() (*elbv2.DescribeRulesOutput, error) { return w.c.DescribeRules(ctx, in, optFns...) })
}

// ModifyRule calls ModifyRule after taking a token.
func (w *limitedELBv2) ModifyRule(ctx context.Context, in *elbv2.ModifyRuleInput, optFns ...func(*elbv2.Options)) (*elbv2.ModifyRuleOutput, error) {
	return call(ctx, w.g, "ModifyRule", func() (*elbv2.ModifyRuleOutput, error) { return w.c.ModifyRule(ctx, in, optFns...) })
}

// DescribeTargetHealth calls DescribeTargetHealth after taking a token.
func (w *limitedELBv2) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	return call(ctx, w.g, "DescribeTargetHealth", func() (*elbv2.DescribeTargetHealthOutput, error) { return w.c.DescribeTargetHealth(ctx, in, optFns...) })
}

// DescribeTargetGroups calls DescribeTargetGroups after taking a token.
func (w *limitedELBv2) DescribeTargetGroups(ctx context.Context, in *elbv2.DescribeTargetGroupsInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error) {
	return call(ctx, w.g, "DescribeTargetGroups", func() (*elbv2.DescribeTargetGroupsOutput, error) { return w.c.DescribeTargetGroups(ctx, in, optFns...) })
}
