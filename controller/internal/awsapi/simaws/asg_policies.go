package simaws

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// scalingPolicy is one scaling policy of a group. The simulation stores
// and describes it; it never scales the group.
type scalingPolicy struct {
	name, arn string
	def       types.ScalingPolicy // as the last put defined it, validated
	alarms    []string            // target tracking: the alarms Auto Scaling made for it
}

// Policy types, as PutScalingPolicy spells them.
const (
	policySimple     = "SimpleScaling"
	policyStep       = "StepScaling"
	policyTracking   = "TargetTrackingScaling"
	policyPredictive = "PredictiveScaling"
)

// PutScalingPolicy creates or replaces the group's policy of that name: a
// put is the policy's whole definition, and the policy keeps its ARN. A
// target tracking policy gets the two alarms Auto Scaling would create for
// it (TargetTracking-<group>-AlarmHigh-<uuid> and ...-AlarmLow-<uuid>),
// returned and kept in the CloudWatch alarm store.
func (c *Cloud) PutScalingPolicy(ctx context.Context, in *autoscaling.PutScalingPolicyInput, _ ...func(*autoscaling.Options)) (*autoscaling.PutScalingPolicyOutput, error) {
	return run(ctx, c, opPutScalingPolicy, func(callCtx) (*autoscaling.PutScalingPolicyOutput, error) {
		if in == nil {
			in = &autoscaling.PutScalingPolicyInput{}
		}
		g, err := c.liveGroup(in.AutoScalingGroupName)
		if err != nil {
			return nil, err
		}
		def, err := c.policyDefinition(g, in)
		if err != nil {
			return nil, err
		}
		p := c.upsertPolicy(g, aws.ToString(in.PolicyName), def)
		out := &autoscaling.PutScalingPolicyOutput{PolicyARN: aws.String(p.arn)}
		if len(p.alarms) > 0 {
			out.Alarms = c.policyAlarms(p)
		}
		return out, nil
	})
}

// upsertPolicy stores def as the group's policy name and keeps the alarms
// of a target tracking policy in step with it.
func (c *Cloud) upsertPolicy(g *group, name string, def types.ScalingPolicy) *scalingPolicy {
	if g.policies == nil {
		g.policies = map[string]*scalingPolicy{}
	}
	p, ok := g.policies[name]
	if !ok {
		p = &scalingPolicy{name: name, arn: fmt.Sprintf("arn:aws:autoscaling:%s:%s:scalingPolicy:%s:autoScalingGroupName/%s:policyName/%s",
			c.cfg.Region, c.cfg.AccountID, c.nameUUID(), g.name, name)}
		g.policies[name] = p
	}
	p.def = def
	if aws.ToString(def.PolicyType) == policyTracking {
		c.putTrackingAlarms(g, p)
	} else {
		c.dropTrackingAlarms(p)
	}
	return p
}

// DeletePolicy deletes a policy named by name (with AutoScalingGroupName)
// or by ARN. Deleting a target tracking policy deletes its alarms;
// deleting a step or simple policy takes it out of the actions of the
// alarms that invoke it but leaves the alarms. An unknown policy or group
// is a ValidationError that says "not found".
func (c *Cloud) DeletePolicy(ctx context.Context, in *autoscaling.DeletePolicyInput, _ ...func(*autoscaling.Options)) (*autoscaling.DeletePolicyOutput, error) {
	return run(ctx, c, opDeletePolicy, func(callCtx) (*autoscaling.DeletePolicyOutput, error) {
		if in == nil {
			in = &autoscaling.DeletePolicyInput{}
		}
		g, p, err := c.findPolicy(aws.ToString(in.AutoScalingGroupName), aws.ToString(in.PolicyName))
		if err != nil {
			return nil, err
		}
		delete(g.policies, p.name)
		c.policyGone(p)
		return &autoscaling.DeletePolicyOutput{}, nil
	})
}

// findPolicy finds a policy by group and name, or by ARN alone.
func (c *Cloud) findPolicy(group, name string) (*group, *scalingPolicy, error) {
	if name == "" {
		return nil, nil, validationError("PolicyName is required")
	}
	if strings.HasPrefix(name, "arn:") {
		for _, gname := range sortedKeys(c.groups) {
			g := c.groups[gname]
			for _, p := range g.policies {
				if p.arn == name && (group == "" || group == g.name) {
					return g, p, nil
				}
			}
		}
		return nil, nil, validationError("Scaling policy %s not found", name)
	}
	g, ok := c.groups[group]
	if !ok {
		return nil, nil, groupNotFound(group)
	}
	p, ok := g.policies[name]
	if !ok {
		return nil, nil, validationError("Scaling policy '%s' not found for Auto Scaling group '%s'", name, group)
	}
	return g, p, nil
}

// policyGone undoes what a policy did to the alarm store.
func (c *Cloud) policyGone(p *scalingPolicy) {
	c.dropTrackingAlarms(p)
	c.removeAlarmAction(p.arn)
}

// removeGroup removes a deleted group with its scaling policies and
// scheduled actions, and undoes what the policies did to the alarm store:
// the alarms of target tracking policies go; alarms the caller made stay,
// without the group's policies among their actions.
func (c *Cloud) removeGroup(g *group) {
	for _, name := range sortedKeys(g.policies) {
		c.policyGone(g.policies[name])
	}
	delete(c.groups, g.name)
}

// DescribePolicies returns scaling policies sorted by group and name: the
// group's (AutoScalingGroupName; a missing group is "not found") or every
// group's, filtered by PolicyNames (names or ARNs, at most 50; unknown
// ones are left out) and PolicyTypes, MaxRecords (default 50, at most
// 100) per page.
func (c *Cloud) DescribePolicies(ctx context.Context, in *autoscaling.DescribePoliciesInput, _ ...func(*autoscaling.Options)) (*autoscaling.DescribePoliciesOutput, error) {
	return run(ctx, c, opDescribePolicies, func(callCtx) (*autoscaling.DescribePoliciesOutput, error) {
		if in == nil {
			in = &autoscaling.DescribePoliciesInput{}
		}
		limit, ok := pageLimit(in.MaxRecords, 50, 100)
		if !ok || len(in.PolicyNames) > 50 {
			return nil, validationError("MaxRecords must be between 1 and 100 and PolicyNames may name at most 50 policies")
		}
		for _, t := range in.PolicyTypes {
			if !slices.Contains(policyTypes, t) {
				return nil, validationError("PolicyType '%s' is not one of %s", t, strings.Join(policyTypes, ", "))
			}
		}
		ps, err := c.matchingPolicies(in)
		if err != nil {
			return nil, err
		}
		page, next, err := paginate(ps, policyKey, opDescribePolicies, aws.ToString(in.NextToken), limit)
		if err != nil {
			return nil, apiError(codeInvalidNextToken, "The token '%s' is invalid.", aws.ToString(in.NextToken))
		}
		out := &autoscaling.DescribePoliciesOutput{ScalingPolicies: []types.ScalingPolicy{}, NextToken: optString(next)}
		for _, gp := range page {
			out.ScalingPolicies = append(out.ScalingPolicies, c.renderPolicy(gp.g, gp.p))
		}
		return out, nil
	})
}

// groupPolicy is a policy with its group, for describes.
type groupPolicy struct {
	g *group
	p *scalingPolicy
}

func policyKey(gp groupPolicy) string { return gp.g.name + "\x00" + gp.p.name }

func (c *Cloud) matchingPolicies(in *autoscaling.DescribePoliciesInput) ([]groupPolicy, error) {
	groups := sortedKeys(c.groups)
	if name := aws.ToString(in.AutoScalingGroupName); name != "" {
		if _, ok := c.groups[name]; !ok {
			return nil, groupNotFound(name)
		}
		groups = []string{name}
	}
	var out []groupPolicy
	for _, gname := range groups {
		g := c.groups[gname]
		for _, pname := range sortedKeys(g.policies) {
			p := g.policies[pname]
			switch {
			case len(in.PolicyNames) > 0 && !slices.Contains(in.PolicyNames, p.name) && !slices.Contains(in.PolicyNames, p.arn),
				len(in.PolicyTypes) > 0 && !slices.Contains(in.PolicyTypes, aws.ToString(p.def.PolicyType)):
				continue
			}
			out = append(out, groupPolicy{g, p})
		}
	}
	return out, nil
}

// renderPolicy is a policy as DescribePolicies shows it: its definition,
// enabled unless the put said otherwise, with the alarms that invoke it.
func (c *Cloud) renderPolicy(g *group, p *scalingPolicy) types.ScalingPolicy {
	out := cloneJSON(p.def)
	out.AutoScalingGroupName = aws.String(g.name)
	out.PolicyName = aws.String(p.name)
	out.PolicyARN = aws.String(p.arn)
	out.Alarms = c.policyAlarms(p)
	return out
}
