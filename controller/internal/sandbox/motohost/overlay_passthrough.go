package motohost

import (
	"context"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// DescribeListeners passes through.
func (o *Overlay) DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	return o.inner.DescribeListeners(ctx, in, optFns...)
}

// DescribeLoadBalancers passes through.
func (o *Overlay) DescribeLoadBalancers(ctx context.Context, in *elbv2.DescribeLoadBalancersInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error) {
	return o.inner.DescribeLoadBalancers(ctx, in, optFns...)
}

// ModifyListener passes through.
func (o *Overlay) ModifyListener(ctx context.Context, in *elbv2.ModifyListenerInput, optFns ...func(*elbv2.Options)) (*elbv2.ModifyListenerOutput, error) {
	return o.inner.ModifyListener(ctx, in, optFns...)
}

// DescribeRules passes through.
func (o *Overlay) DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error) {
	return o.inner.DescribeRules(ctx, in, optFns...)
}

// ModifyRule passes through.
func (o *Overlay) ModifyRule(ctx context.Context, in *elbv2.ModifyRuleInput, optFns ...func(*elbv2.Options)) (*elbv2.ModifyRuleOutput, error) {
	return o.inner.ModifyRule(ctx, in, optFns...)
}

// DescribeTargetGroups passes through.
func (o *Overlay) DescribeTargetGroups(ctx context.Context, in *elbv2.DescribeTargetGroupsInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error) {
	return o.inner.DescribeTargetGroups(ctx, in, optFns...)
}
