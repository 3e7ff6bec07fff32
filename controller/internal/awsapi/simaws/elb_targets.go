package simaws

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// DescribeTargetGroups returns target groups by TargetGroupArns, Names or
// LoadBalancerArn (those its listeners forward to), or all, sorted by name,
// with their health check settings.
func (c *Cloud) DescribeTargetGroups(ctx context.Context, in *elbv2.DescribeTargetGroupsInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error) {
	return run(ctx, c, opDescribeTargetGroups, func(callCtx) (*elbv2.DescribeTargetGroupsOutput, error) {
		if in == nil {
			in = &elbv2.DescribeTargetGroupsInput{}
		}
		limit, ok := pageLimit(in.PageSize, 0, 400)
		if !ok {
			return nil, validationError("PageSize must be between 1 and 400")
		}
		tgs, err := c.selectTargetGroups(in)
		if err != nil {
			return nil, err
		}
		key := func(tg *targetGroup) string { return tg.name }
		page, next, err := paginate(tgs, key, opDescribeTargetGroups, aws.ToString(in.Marker), limit)
		if err != nil {
			return nil, validationError("The marker is not valid")
		}
		out := &elbv2.DescribeTargetGroupsOutput{TargetGroups: []types.TargetGroup{}, NextMarker: optString(next)}
		for _, tg := range page {
			out.TargetGroups = append(out.TargetGroups, c.renderTargetGroup(tg))
		}
		return out, nil
	})
}

func (c *Cloud) selectTargetGroups(in *elbv2.DescribeTargetGroupsInput) ([]*targetGroup, error) {
	set := 0
	for _, given := range []bool{len(in.TargetGroupArns) > 0, len(in.Names) > 0, in.LoadBalancerArn != nil} {
		if given {
			set++
		}
	}
	if set > 1 {
		return nil, validationError("Target group ARNs, names and a load balancer ARN cannot be combined")
	}
	if in.LoadBalancerArn != nil && *in.LoadBalancerArn != c.albARN {
		return nil, apiError(codeLBNotFound, "One or more load balancers not found")
	}
	var out []*targetGroup
	for _, arn := range sortedKeys(c.targetGroups) {
		tg := c.targetGroups[arn]
		switch {
		case len(in.TargetGroupArns) > 0 && !slices.Contains(in.TargetGroupArns, arn),
			len(in.Names) > 0 && !slices.Contains(in.Names, tg.name),
			in.LoadBalancerArn != nil && !c.inUse(arn):
			continue
		}
		out = append(out, tg)
	}
	if len(out) < len(uniqueSorted(in.TargetGroupArns)) || len(out) < len(uniqueSorted(in.Names)) {
		return nil, apiError(codeTGNotFound, "One or more target groups not found")
	}
	slices.SortFunc(out, func(a, b *targetGroup) int { return compareStrings(a.name, b.name) })
	return out, nil
}

// inUse reports whether any listener or rule forwards to the target group.
func (c *Cloud) inUse(tgARN string) bool {
	for _, f := range c.allForwardings() {
		for _, x := range f.fwd {
			if x.tg == tgARN {
				return true
			}
		}
	}
	return false
}

func (c *Cloud) allForwardings() []*forwarding {
	var out []*forwarding
	for _, arn := range sortedKeys(c.listeners) {
		out = append(out, &c.listeners[arn].forwarding)
	}
	for _, arn := range sortedKeys(c.rules) {
		if r := c.rules[arn]; !r.isDefault() {
			out = append(out, &r.forwarding)
		}
	}
	return out
}

func (c *Cloud) renderTargetGroup(tg *targetGroup) types.TargetGroup {
	out := types.TargetGroup{
		HealthCheckEnabled:         aws.Bool(true),
		HealthCheckIntervalSeconds: aws.Int32(int32(tg.hc.Interval.Seconds())),
		HealthCheckPath:            aws.String("/"),
		HealthCheckPort:            aws.String("traffic-port"),
		HealthCheckProtocol:        types.ProtocolEnumHttp,
		HealthCheckTimeoutSeconds:  aws.Int32(int32(tg.hc.Timeout.Seconds())),
		HealthyThresholdCount:      aws.Int32(int32(tg.hc.HealthyThreshold)),
		UnhealthyThresholdCount:    aws.Int32(int32(tg.hc.UnhealthyThreshold)),
		IpAddressType:              types.TargetGroupIpAddressTypeEnumIpv4,
		LoadBalancerArns:           []string{},
		Matcher:                    &types.Matcher{HttpCode: aws.String("200")},
		Port:                       aws.Int32(80),
		Protocol:                   types.ProtocolEnumHttp,
		ProtocolVersion:            aws.String("HTTP1"),
		TargetGroupArn:             aws.String(tg.arn),
		TargetGroupName:            aws.String(tg.name),
		TargetType:                 types.TargetTypeEnumInstance,
		VpcId:                      aws.String("vpc-0sim"),
	}
	if c.inUse(tg.arn) {
		out.LoadBalancerArns = []string{c.albARN}
	}
	return out
}

// DescribeTargetHealth returns the health of a target group's targets,
// sorted by instance id, or of the named Targets (unused /
// Target.NotRegistered when not registered).
func (c *Cloud) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	return run(ctx, c, opDescribeTargetHealth, func(callCtx) (*elbv2.DescribeTargetHealthOutput, error) {
		if in == nil || in.TargetGroupArn == nil {
			return nil, validationError("A target group ARN must be specified")
		}
		tg, ok := c.targetGroups[*in.TargetGroupArn]
		if !ok {
			return nil, apiError(codeTGNotFound, "Target groups '%s' not found", *in.TargetGroupArn)
		}
		ids := sortedKeys(tg.targets)
		if len(in.Targets) > 0 {
			ids = ids[:0]
			for _, t := range in.Targets {
				ids = append(ids, aws.ToString(t.Id))
			}
		}
		out := &elbv2.DescribeTargetHealthOutput{TargetHealthDescriptions: []types.TargetHealthDescription{}}
		for _, id := range ids {
			out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, renderTargetHealth(id, tg.targets[id]))
		}
		return out, nil
	})
}

var reasonDescriptions = map[types.TargetHealthReasonEnum]string{
	types.TargetHealthReasonEnumRegistrationInProgress:   "Target registration is in progress",
	types.TargetHealthReasonEnumInitialHealthChecking:    "Initial health checks in progress",
	types.TargetHealthReasonEnumFailedHealthChecks:       "Health checks failed",
	types.TargetHealthReasonEnumDeregistrationInProgress: "Target deregistration is in progress",
	types.TargetHealthReasonEnumNotRegistered:            "Target is not registered to the target group",
}

func renderTargetHealth(id string, t *target) types.TargetHealthDescription {
	th := &types.TargetHealth{State: types.TargetHealthStateEnumUnused, Reason: types.TargetHealthReasonEnumNotRegistered}
	if t != nil {
		th = &types.TargetHealth{State: t.state, Reason: t.reason}
	}
	if d, ok := reasonDescriptions[th.Reason]; ok {
		th.Description = aws.String(d)
	}
	return types.TargetHealthDescription{
		Target:          &types.TargetDescription{Id: aws.String(id), Port: aws.Int32(80)},
		HealthCheckPort: aws.String("80"),
		TargetHealth:    th,
	}
}
