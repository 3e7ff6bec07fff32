package execute

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// Launch lifecycle hook settings: the agent completes the action once the
// app is healthy; an instance that never does is abandoned.
const (
	hookTransition = "autoscaling:EC2_INSTANCE_LAUNCHING"
	hookDefault    = "ABANDON"
	hookTimeout    = 600
)

// createGroup creates the rollout's group, or adopts it when a previous
// attempt of the same rollout already did.
func (e *Executor) createGroup(ctx context.Context, a reconcile.Action) error {
	in, err := e.createGroupInput(a)
	if err != nil {
		return err
	}
	_, err = e.Clients.AutoScaling.CreateAutoScalingGroup(ctx, in)
	if err == nil {
		return nil
	}
	if !awsapi.IsClass(err, awsapi.ClassAlreadyExists) {
		return fmt.Errorf("create asg %q: %w", a.Group, err)
	}
	return e.adoptGroup(ctx, a)
}

// adoptGroup accepts an existing group only when it belongs to a.RolloutID.
func (e *Executor) adoptGroup(ctx context.Context, a reconcile.Action) error {
	g, err := awsapi.Group(ctx, e.Clients.AutoScaling, a.Group)
	if err != nil {
		return fmt.Errorf("adopt: %w", err)
	}
	if g == nil {
		return fmt.Errorf("create asg %q: exists but is not visible yet", a.Group)
	}
	if got := observe.TagValue(g.Tags, api.TagRollout); got != a.RolloutID || a.RolloutID == "" {
		return preconditionf("asg %q exists with rollout tag %q, want %q", a.Group, got, a.RolloutID)
	}
	return nil
}

func (e *Executor) createGroupInput(a reconcile.Action) (*autoscaling.CreateAutoScalingGroupInput, error) {
	if a.Capacity == nil {
		return nil, errors.New("create_group without capacity")
	}
	if _, err := strconv.ParseInt(a.LaunchTemplateVersion, 10, 64); err != nil {
		return nil, fmt.Errorf("launch template version %q is not a pinned number", a.LaunchTemplateVersion)
	}
	in := &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(a.Group),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{
			LaunchTemplateId: aws.String(a.LaunchTemplateID),
			Version:          aws.String(a.LaunchTemplateVersion),
		},
		MinSize:                aws.Int32(int32(a.Capacity.Min)),
		MaxSize:                aws.Int32(int32(a.Capacity.Max)),
		DesiredCapacity:        aws.Int32(int32(a.Capacity.Desired)),
		VPCZoneIdentifier:      aws.String(strings.Join(a.Subnets, ",")),
		HealthCheckType:        aws.String("ELB"),
		HealthCheckGracePeriod: aws.Int32(int32(a.HealthCheckGracePeriod / time.Second)),
		DefaultInstanceWarmup:  warmup(a.InstanceWarmup),
		Tags:                   groupTags(a.Group, e.groupTagValues(a)),
	}
	if a.TargetGroup != "" {
		in.TargetGroupARNs = []string{a.TargetGroup}
	}
	if a.LifecycleHook != "" {
		in.LifecycleHookSpecificationList = []astypes.LifecycleHookSpecification{{
			LifecycleHookName:   aws.String(a.LifecycleHook),
			LifecycleTransition: aws.String(hookTransition),
			DefaultResult:       aws.String(hookDefault),
			HeartbeatTimeout:    aws.Int32(hookTimeout),
		}}
	}
	return in, nil
}

// groupTagValues is a.Tags plus the asgctl tags the action implies, for any
// the plan left out (adoption and observation depend on them).
func (e *Executor) groupTagValues(a reconcile.Action) map[string]string {
	out := make(map[string]string, len(a.Tags)+4)
	for k, v := range a.Tags {
		out[k] = v
	}
	implied := map[string]string{api.TagService: e.Service, api.TagRollout: a.RolloutID, api.TagAMI: a.AMI}
	if a.Seq > 0 {
		implied[api.TagSeq] = strconv.Itoa(a.Seq)
	}
	for k, v := range implied {
		if _, ok := out[k]; !ok && v != "" {
			out[k] = v
		}
	}
	return out
}

// groupTags turns tag values into launch-propagated group tags, sorted by key.
func groupTags(group string, values map[string]string) []astypes.Tag {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]astypes.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, astypes.Tag{
			Key: aws.String(k), Value: aws.String(values[k]), PropagateAtLaunch: aws.Bool(true),
			ResourceId: aws.String(group), ResourceType: aws.String("auto-scaling-group"),
		})
	}
	return out
}

// warmup is the group's default instance warmup in seconds; nil leaves
// it unset (instance_warmup not given).
func warmup(d time.Duration) *int32 {
	if d <= 0 {
		return nil
	}
	return aws.Int32(int32((d + time.Second - 1) / time.Second))
}
