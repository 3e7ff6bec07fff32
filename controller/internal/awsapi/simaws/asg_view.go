package simaws

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// groupView is an immutable snapshot of a group as describes show it; it
// is what eventual consistency keeps as "the previous state".
type groupView struct {
	name, arn, ltID, ltName, ltVersion, vpcZone, healthCheckType string
	created                                                      time.Time
	min, max, desired                                            int
	grace                                                        time.Duration
	azs, targetGroups                                            []string
	tags                                                         []tag
	suspended                                                    [][2]string // process, reason; sorted
	deleting                                                     bool
	instances                                                    []instanceView
}

type instanceView struct {
	id, az, ami, ltID, ltName string
	ltVersion                 int64
	lifecycle                 types.LifecycleState
	unhealthy, appUp          bool
}

func (c *Cloud) view(g *group) *groupView {
	lt := c.templates[g.ltID]
	v := &groupView{
		name: g.name, arn: g.arn, ltID: g.ltID, ltName: lt.name, ltVersion: g.ltVersion,
		vpcZone: g.vpcZone, healthCheckType: g.healthCheckType, created: g.created,
		min: g.min, max: g.max, desired: g.desired, grace: g.grace,
		azs: slices.Clone(g.azs), targetGroups: slices.Clone(g.targetGroups),
		tags: slices.Clone(g.tags), deleting: g.deleting,
	}
	for _, p := range sortedKeys(g.suspended) {
		v.suspended = append(v.suspended, [2]string{p, g.suspended[p]})
	}
	for _, inst := range g.instances {
		v.instances = append(v.instances, instanceView{
			id: inst.id, az: inst.az, ami: inst.ami, ltID: inst.ltID, ltName: c.templates[inst.ltID].name,
			ltVersion: inst.ltVersion, lifecycle: inst.lifecycle, unhealthy: inst.unhealthy, appUp: inst.app.up,
		})
	}
	slices.SortFunc(v.instances, func(a, b instanceView) int { return compareStrings(a.id, b.id) })
	return v
}

// markChanged records the state before an API change, for eventual
// consistency.
func (c *Cloud) markChanged(g *group) {
	g.prev = c.view(g)
	g.changedAt = c.now
}

// visibleGroup returns the view a describe in this call shows, nil when the
// group is not visible yet.
func (c *Cloud) visibleGroup(g *group, cc callCtx) *groupView {
	if c.stale(g.changedAt, cc) {
		return g.prev
	}
	return c.view(g)
}

func (c *Cloud) renderGroup(v *groupView, withInstances bool) types.AutoScalingGroup {
	out := types.AutoScalingGroup{
		AutoScalingGroupName:             aws.String(v.name),
		AutoScalingGroupARN:              aws.String(v.arn),
		AvailabilityZones:                slices.Clone(v.azs),
		CreatedTime:                      aws.Time(v.created),
		DefaultCooldown:                  aws.Int32(300),
		DesiredCapacity:                  aws.Int32(int32(v.desired)),
		MinSize:                          aws.Int32(int32(v.min)),
		MaxSize:                          aws.Int32(int32(v.max)),
		HealthCheckType:                  aws.String(v.healthCheckType),
		HealthCheckGracePeriod:           aws.Int32(int32(v.grace / time.Second)),
		Instances:                        []types.Instance{},
		LaunchTemplate:                   ltSpec(v.ltID, v.ltName, v.ltVersion),
		NewInstancesProtectedFromScaleIn: aws.Bool(false),
		ServiceLinkedRoleARN:             aws.String(fmt.Sprintf("arn:aws:iam::%s:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", c.cfg.AccountID)),
		SuspendedProcesses:               []types.SuspendedProcess{},
		Tags:                             []types.TagDescription{},
		TargetGroupARNs:                  slices.Clone(v.targetGroups),
		TerminationPolicies:              []string{"Default"},
		TrafficSources:                   []types.TrafficSourceIdentifier{},
		VPCZoneIdentifier:                optString(v.vpcZone),
	}
	if v.deleting {
		out.Status = aws.String("Delete in progress")
	}
	for _, p := range v.suspended {
		out.SuspendedProcesses = append(out.SuspendedProcesses, types.SuspendedProcess{ProcessName: aws.String(p[0]), SuspensionReason: aws.String(p[1])})
	}
	for _, t := range v.tags {
		out.Tags = append(out.Tags, types.TagDescription{
			Key: aws.String(t.key), Value: aws.String(t.value), PropagateAtLaunch: aws.Bool(t.propagate),
			ResourceId: aws.String(v.name), ResourceType: aws.String("auto-scaling-group"),
		})
	}
	for _, arn := range v.targetGroups {
		out.TrafficSources = append(out.TrafficSources, types.TrafficSourceIdentifier{Identifier: aws.String(arn), Type: aws.String("elbv2")})
	}
	if withInstances {
		for _, iv := range v.instances {
			out.Instances = append(out.Instances, renderInstance(iv))
		}
	}
	return out
}

func renderInstance(iv instanceView) types.Instance {
	health := "Healthy"
	if iv.unhealthy {
		health = "Unhealthy"
	}
	return types.Instance{
		AvailabilityZone:     aws.String(iv.az),
		HealthStatus:         aws.String(health),
		InstanceId:           aws.String(iv.id),
		InstanceType:         aws.String("t3.micro"),
		LifecycleState:       iv.lifecycle,
		ProtectedFromScaleIn: aws.Bool(false),
		LaunchTemplate:       ltSpec(iv.ltID, iv.ltName, strconv.FormatInt(iv.ltVersion, 10)),
	}
}

func ltSpec(id, name, version string) *types.LaunchTemplateSpecification {
	return &types.LaunchTemplateSpecification{LaunchTemplateId: aws.String(id), LaunchTemplateName: aws.String(name), Version: aws.String(version)}
}
