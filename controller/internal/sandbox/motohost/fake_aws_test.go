package motohost_test

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// fakeCloud is a state-based Auto Scaling and EC2 fake for the Mirror:
// groups with a service tag and instances, and EC2 instances with AMIs.
type fakeCloud struct {
	mu        sync.Mutex
	groups    map[string]*fakeGroup // by name
	amis      map[string]string     // instance id -> AMI, of instances EC2 lists
	groupErrs []error               // the next DescribeAutoScalingGroups calls fail with these
}

type fakeGroup struct {
	service   string
	instances []astypes.Instance
}

func newFakeCloud() *fakeCloud {
	return &fakeCloud{groups: map[string]*fakeGroup{}, amis: map[string]string{}}
}

// launch puts instance id of ami InService in group (made if new) of svc.
func (c *fakeCloud) launch(svc, group, id, ami string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.groups[group]
	if g == nil {
		g = &fakeGroup{service: svc}
		c.groups[group] = g
	}
	g.instances = append(g.instances, astypes.Instance{InstanceId: aws.String(id), LifecycleState: astypes.LifecycleStateInService})
	c.amis[id] = ami
}

// setState changes instance id's lifecycle state in its group.
func (c *fakeCloud) setState(id string, s astypes.LifecycleState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, g := range c.groups {
		for i := range g.instances {
			if aws.ToString(g.instances[i].InstanceId) == id {
				g.instances[i].LifecycleState = s
			}
		}
	}
}

// deleteGroup removes a group; its instances stay in EC2.
func (c *fakeCloud) deleteGroup(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.groups, name)
}

// failNext makes the next DescribeAutoScalingGroups call fail with err.
func (c *fakeCloud) failNext(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.groupErrs = append(c.groupErrs, err)
}

func (c *fakeCloud) DescribeAutoScalingGroups(_ context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, _ ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.groupErrs) > 0 {
		err := c.groupErrs[0]
		c.groupErrs = c.groupErrs[1:]
		return nil, err
	}
	out := &autoscaling.DescribeAutoScalingGroupsOutput{}
	for name, g := range c.groups {
		if !matchesTagFilters(in.Filters, g.service) {
			continue
		}
		out.AutoScalingGroups = append(out.AutoScalingGroups, astypes.AutoScalingGroup{
			AutoScalingGroupName: aws.String(name),
			Tags:                 []astypes.TagDescription{{Key: aws.String("asgctl:service"), Value: aws.String(g.service)}},
			Instances:            slices.Clone(g.instances),
		})
	}
	return out, nil
}

// matchesTagFilters applies tag:asgctl:service filters, the only ones the
// fake knows.
func matchesTagFilters(filters []astypes.Filter, svc string) bool {
	for _, f := range filters {
		if aws.ToString(f.Name) == "tag:asgctl:service" && !slices.Contains(f.Values, svc) {
			return false
		}
	}
	return true
}

func (c *fakeCloud) DescribeInstances(_ context.Context, in *ec2.DescribeInstancesInput, _ ...func(*ec2.Options)) (*ec2.DescribeInstancesOutput, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var ids []string
	for _, f := range in.Filters {
		if aws.ToString(f.Name) == "instance-id" {
			ids = append(ids, f.Values...)
		}
	}
	res := ec2types.Reservation{}
	for _, id := range ids {
		if ami, ok := c.amis[id]; ok {
			res.Instances = append(res.Instances, ec2types.Instance{InstanceId: aws.String(id), ImageId: aws.String(ami),
				State: &ec2types.InstanceState{Name: ec2types.InstanceStateNameRunning}})
		}
	}
	return &ec2.DescribeInstancesOutput{Reservations: []ec2types.Reservation{res}}, nil
}

// errNoTargetGroup is what fakeELB answers for an unknown target group.
var errNoTargetGroup = errors.New("TargetGroupNotFound")

// fakeELB is moto's DescribeTargetHealth as the overlay sees it: every
// registered target healthy, the named ones unused when not registered.
// Its other methods answer a fixed listener.
type fakeELB struct {
	awsapi.ELBv2 // nil: calling anything else panics

	mu      sync.Mutex
	targets map[string][]string // target group -> registered instance ids
	health  int                 // DescribeTargetHealth calls
}

func (f *fakeELB) healthCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.health
}

func (f *fakeELB) register(tg string, ids ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.targets[tg] = append(f.targets[tg], ids...)
}

func (f *fakeELB) deregister(tg, id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.targets[tg] = slices.DeleteFunc(f.targets[tg], func(x string) bool { return x == id })
}

func (f *fakeELB) DescribeTargetHealth(_ context.Context, in *elbv2.DescribeTargetHealthInput, _ ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.health++
	registered, ok := f.targets[aws.ToString(in.TargetGroupArn)]
	if !ok {
		return nil, errNoTargetGroup
	}
	ids := registered
	if len(in.Targets) > 0 {
		ids = nil
		for _, t := range in.Targets {
			ids = append(ids, aws.ToString(t.Id))
		}
	}
	out := &elbv2.DescribeTargetHealthOutput{}
	for _, id := range ids {
		th := &elbtypes.TargetHealth{State: elbtypes.TargetHealthStateEnumHealthy}
		if !slices.Contains(registered, id) {
			th = &elbtypes.TargetHealth{State: elbtypes.TargetHealthStateEnumUnused, Reason: elbtypes.TargetHealthReasonEnumNotRegistered}
		}
		out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, elbtypes.TargetHealthDescription{
			Target: &elbtypes.TargetDescription{Id: aws.String(id), Port: aws.Int32(8080)}, TargetHealth: th,
		})
	}
	return out, nil
}

func (f *fakeELB) DescribeListeners(context.Context, *elbv2.DescribeListenersInput, ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error) {
	return &elbv2.DescribeListenersOutput{Listeners: []elbtypes.Listener{{ListenerArn: aws.String("listener-1")}}}, nil
}
