package balancer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// ELB is the part of the Elastic Load Balancing v2 API the balancer reads.
// DescribeRules is called only when Config.RuleARN is set.
type ELB interface {
	DescribeListeners(ctx context.Context, in *elbv2.DescribeListenersInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error)
	DescribeRules(ctx context.Context, in *elbv2.DescribeRulesInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeRulesOutput, error)
	DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, optFns ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error)
}

// Every awsapi.ELBv2 backend (simaws, the real SDK client) is an ELB.
var _ ELB = awsapi.ELBv2(nil)

// weighted is one target group of a forward action.
type weighted struct {
	arn    string
	weight int
}

// readForward returns the target groups and weights of the followed
// listener's or rule's forward action; none when it does not forward.
func (b *Balancer) readForward(ctx context.Context) ([]weighted, error) {
	if b.cfg.RuleARN != "" {
		out, err := b.cfg.ELB.DescribeRules(ctx, &elbv2.DescribeRulesInput{RuleArns: []string{b.cfg.RuleARN}})
		if err != nil {
			return nil, fmt.Errorf("describe rule %q: %w", b.cfg.RuleARN, err)
		}
		if len(out.Rules) != 1 {
			return nil, fmt.Errorf("describe rule %q: %d rules returned", b.cfg.RuleARN, len(out.Rules))
		}
		return forwardOf(out.Rules[0].Actions), nil
	}
	out, err := b.cfg.ELB.DescribeListeners(ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{b.cfg.ListenerARN}})
	if err != nil {
		return nil, fmt.Errorf("describe listener %q: %w", b.cfg.ListenerARN, err)
	}
	if len(out.Listeners) != 1 {
		return nil, fmt.Errorf("describe listener %q: %d listeners returned", b.cfg.ListenerARN, len(out.Listeners))
	}
	return forwardOf(out.Listeners[0].DefaultActions), nil
}

// forwardOf returns the target groups of the first forward action (by
// Order): ForwardConfig's weights (a missing weight is 1), or
// TargetGroupArn with weight 1.
func forwardOf(actions []types.Action) []weighted {
	actions = slices.Clone(actions)
	slices.SortStableFunc(actions, func(a, b types.Action) int {
		return int(aws.ToInt32(a.Order)) - int(aws.ToInt32(b.Order))
	})
	for _, a := range actions {
		if a.Type != types.ActionTypeEnumForward {
			continue
		}
		if a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) > 0 {
			var out []weighted
			for _, t := range a.ForwardConfig.TargetGroups {
				w := 1
				if t.Weight != nil {
					w = int(*t.Weight)
				}
				out = append(out, weighted{arn: aws.ToString(t.TargetGroupArn), weight: w})
			}
			return out
		}
		if a.TargetGroupArn != nil {
			return []weighted{{arn: *a.TargetGroupArn, weight: 1}}
		}
	}
	return nil
}

// readTargets returns a target group's registered targets, sorted by id.
func (b *Balancer) readTargets(ctx context.Context, tgARN string) ([]Target, error) {
	out, err := b.cfg.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tgARN)})
	if err != nil {
		return nil, fmt.Errorf("describe target health %q: %w", tgARN, err)
	}
	var ts []Target
	for _, d := range out.TargetHealthDescriptions {
		if d.Target == nil || d.Target.Id == nil {
			continue
		}
		t := Target{ID: *d.Target.Id, State: string(types.TargetHealthStateEnumUnavailable)}
		if d.TargetHealth != nil {
			t.State = string(d.TargetHealth.State)
		}
		ts = append(ts, t)
	}
	slices.SortFunc(ts, func(a, b Target) int { return strings.Compare(a.ID, b.ID) })
	return ts, nil
}
