package simaws

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// DescribeAutoScalingGroups returns groups sorted by name, filtered by
// AutoScalingGroupNames (at most 100) and tag Filters, MaxRecords (default
// 50, at most 100) per page. A group created less than ConsistencyDelay ago
// is not returned yet; one changed less than ConsistencyDelay ago (or
// within the stale window on a stale read) shows its previous state.
func (c *Cloud) DescribeAutoScalingGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, _ ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	return run(ctx, c, opDescribeAutoScalingGroups, func(cc callCtx) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
		if in == nil {
			in = &autoscaling.DescribeAutoScalingGroupsInput{}
		}
		if len(in.AutoScalingGroupNames) > 100 {
			return nil, validationError("The number of AutoScalingGroupNames must not exceed 100")
		}
		limit, ok := pageLimit(in.MaxRecords, 50, 100)
		if !ok {
			return nil, validationError("MaxRecords must be between 1 and 100")
		}
		filters, err := parseFilters(in.Filters)
		if err != nil {
			return nil, err
		}
		views := c.matchingGroups(in.AutoScalingGroupNames, filters, cc)
		page, next, err := paginate(views, func(v *groupView) string { return v.name }, opDescribeAutoScalingGroups, aws.ToString(in.NextToken), limit)
		if err != nil {
			return nil, apiError(codeInvalidNextToken, "The token '%s' is invalid.", aws.ToString(in.NextToken))
		}
		out := &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: []types.AutoScalingGroup{}, NextToken: optString(next)}
		for _, v := range page {
			out.AutoScalingGroups = append(out.AutoScalingGroups, c.renderGroup(v, aws.ToBool(in.IncludeInstances) || in.IncludeInstances == nil))
		}
		return out, nil
	})
}

func (c *Cloud) matchingGroups(names []string, filters []tagFilter, cc callCtx) []*groupView {
	var out []*groupView
	for _, name := range sortedKeys(c.groups) {
		if len(names) > 0 && !slices.Contains(names, name) {
			continue
		}
		v := c.visibleGroup(c.groups[name], cc)
		if v == nil || !matchAll(filters, v.tags) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// tagFilter is one of Auto Scaling's filters: "tag:<key>" (the key's value
// is one of values), "tag-key" or "tag-value" (some tag's key or value is).
type tagFilter struct {
	name, key string
	values    []string
}

func parseFilters(in []types.Filter) ([]tagFilter, error) {
	var out []tagFilter
	for _, f := range in {
		name := aws.ToString(f.Name)
		tf := tagFilter{name: name, values: slices.Clone(f.Values)}
		switch {
		case strings.HasPrefix(name, "tag:") && len(name) > len("tag:"):
			tf.name, tf.key = "tag", strings.TrimPrefix(name, "tag:")
		case name == "tag-key", name == "tag-value":
		default:
			return nil, validationError("Filter name '%s' is not valid", name)
		}
		out = append(out, tf)
	}
	return out, nil
}

func matchAll(filters []tagFilter, tags []tag) bool {
	for _, f := range filters {
		if !slices.ContainsFunc(tags, f.matches) {
			return false
		}
	}
	return true
}

func (f tagFilter) matches(t tag) bool {
	switch f.name {
	case "tag":
		return t.key == f.key && slices.Contains(f.values, t.value)
	case "tag-key":
		return slices.Contains(f.values, t.key)
	default:
		return slices.Contains(f.values, t.value)
	}
}
