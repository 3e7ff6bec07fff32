package observe_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

const (
	svc     = "web"
	amiBlue = "ami-0000000a"
	amiNext = "ami-0000000b"
)

// fixture is one simulated account with a service "web": a launch
// template, two target groups and a listener sending everything to blue.
type fixture struct {
	clk   *clocktest.Fake
	cloud *simaws.Cloud
	store consulkv.Store
	obs   *observe.Observer
	spec  api.ServiceSpec
	blue  string // target group ARNs
	green string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	cloud := simaws.New(simaws.Config{Clock: clk, Seed: 1})
	f := &fixture{clk: clk, cloud: cloud, store: consulkv.NewStore(consulkv.NewMemory(clk))}
	f.blue = cloud.CreateTargetGroup("web-blue")
	f.green = cloud.CreateTargetGroup("web-green")
	f.spec = api.ServiceSpec{
		Version: 1, Name: svc, Region: "us-east-1",
		LaunchTemplateID: cloud.CreateLaunchTemplate("web", amiBlue),
		Subnets:          []string{"subnet-0001", "subnet-0002"},
		ListenerARN:      cloud.CreateListener(map[string]int{f.blue: 100}),
		TargetGroups:     []string{f.blue, f.green},
		Capacity:         api.Capacity{Min: 1, Max: 4, Desired: 2},
	}
	if err := f.spec.Validate(); err != nil {
		t.Fatalf("fixture spec: %v", err)
	}
	f.spec = f.spec.WithDefaults()
	f.obs = &observe.Observer{Clients: cloud.Clients(), Store: f.store}
	return f
}

func (f *fixture) desired(req *api.Desired) reconcile.Desired {
	return reconcile.Desired{Spec: f.spec, Request: req}
}

// createGroup makes an asgctl-style group directly in the simulated cloud.
func (f *fixture) createGroup(t *testing.T, service string, seq int, tg string, desired int) string {
	t.Helper()
	name := api.GroupName(service, seq)
	tags := map[string]string{
		api.TagService: service, api.TagRollout: name, api.TagSeq: strconv.Itoa(seq), api.TagAMI: amiBlue,
	}
	in := &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name),
		LaunchTemplate:       &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(f.spec.LaunchTemplateID), Version: aws.String("1")},
		MinSize:              aws.Int32(0), MaxSize: aws.Int32(4), DesiredCapacity: aws.Int32(int32(desired)),
		VPCZoneIdentifier: aws.String("subnet-0001"),
		TargetGroupARNs:   []string{tg},
	}
	for k, v := range tags {
		in.Tags = append(in.Tags, astypes.Tag{Key: aws.String(k), Value: aws.String(v), PropagateAtLaunch: aws.Bool(true),
			ResourceId: aws.String(name), ResourceType: aws.String("auto-scaling-group")})
	}
	if _, err := f.cloud.CreateAutoScalingGroup(context.Background(), in); err != nil {
		t.Fatalf("create group %s: %v", name, err)
	}
	return name
}

// putRecord stores a rollout record for seq 2 (blue web-v001 -> green
// web-v002) in phase p.
func (f *fixture) putRecord(t *testing.T, p api.Phase) *api.Rollout {
	t.Helper()
	now := f.clk.Now()
	r := &api.Rollout{
		Version: 1, ID: "web-v002", Seq: 2, Service: svc, RequestID: "req-2", AMI: amiNext,
		Phase: p, FromGroup: "web-v001", ToGroup: "web-v002",
		FromTargetGroup: f.blue, ToTargetGroup: f.green,
		Capacity:  api.Capacity{Min: 2, Max: 4, Desired: 2},
		StartedAt: now, UpdatedAt: now, PhaseSince: now,
	}
	if _, err := f.store.PutRollout(context.Background(), svc, r, 0); err != nil {
		t.Fatalf("put rollout: %v", err)
	}
	return r
}

// calls returns the simulated API calls made by fn, by operation.
func (f *fixture) calls(fn func()) map[string]int {
	f.cloud.ResetCalls()
	fn()
	return f.cloud.Calls()
}
