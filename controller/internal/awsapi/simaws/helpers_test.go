package simaws

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	boot     = 50 * time.Second
	appStart = 5 * time.Second
)

// fixture is a Cloud with fixed boot and app start times, a launch template
// ("ami-blue"), a blue and a green target group and a listener 100/0.
type fixture struct {
	t        *testing.T
	ctx      context.Context
	clk      *clocktest.Fake
	c        *Cloud
	lt       string
	blue     string
	green    string
	listener string
}

func newFixture(t *testing.T, mut func(*Config)) *fixture {
	t.Helper()
	clk := clocktest.New(t0)
	cfg := Config{Clock: clk, Seed: 7, Boot: Range{boot, boot}, AppStart: Range{appStart, appStart}}
	if mut != nil {
		mut(&cfg)
	}
	f := &fixture{t: t, ctx: context.Background(), clk: clk, c: New(cfg)}
	f.lt = f.c.CreateLaunchTemplate("web", "ami-blue")
	f.blue = f.c.CreateTargetGroup("web-blue")
	f.green = f.c.CreateTargetGroup("web-green")
	f.listener = f.c.CreateListener(map[string]int{f.blue: 100, f.green: 0})
	return f
}

func (f *fixture) createInput(name string, desired int32) *autoscaling.CreateAutoScalingGroupInput {
	return &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name),
		LaunchTemplate:       &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(f.lt), Version: aws.String("1")},
		MinSize:              aws.Int32(0), MaxSize: aws.Int32(10), DesiredCapacity: aws.Int32(desired),
		VPCZoneIdentifier: aws.String("subnet-a,subnet-b"),
		TargetGroupARNs:   []string{f.blue},
		Tags:              []astypes.Tag{{Key: aws.String("asgctl:service"), Value: aws.String("web")}},
	}
}

func (f *fixture) create(name string, desired int32, mut func(*autoscaling.CreateAutoScalingGroupInput)) {
	f.t.Helper()
	in := f.createInput(name, desired)
	if mut != nil {
		mut(in)
	}
	if _, err := f.c.CreateAutoScalingGroup(f.ctx, in); err != nil {
		f.t.Fatalf("create %s: %v", name, err)
	}
}

func (f *fixture) setDesired(name string, desired int32) {
	f.t.Helper()
	_, err := f.c.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String(name), DesiredCapacity: aws.Int32(desired)})
	if err != nil {
		f.t.Fatalf("update %s: %v", name, err)
	}
}

func (f *fixture) advance(d time.Duration) { f.clk.Advance(d) }

// at moves the clock to t0+d.
func (f *fixture) at(d time.Duration) { f.clk.Set(t0.Add(d)) }

func (f *fixture) group(name string) TruthGroup {
	f.t.Helper()
	g, ok := f.c.Truth().Groups[name]
	if !ok {
		f.t.Fatalf("group %s does not exist", name)
	}
	return g
}

func (f *fixture) lifecycles(name string) []string {
	var out []string
	for _, inst := range f.group(name).Instances {
		out = append(out, inst.Lifecycle)
	}
	return out
}

// describe returns the group as DescribeAutoScalingGroups shows it, nil if
// absent.
func (f *fixture) describe(name string) *astypes.AutoScalingGroup {
	f.t.Helper()
	out, err := f.c.DescribeAutoScalingGroups(f.ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	if err != nil {
		f.t.Fatalf("describe %s: %v", name, err)
	}
	if len(out.AutoScalingGroups) == 0 {
		return nil
	}
	return &out.AutoScalingGroups[0]
}

func (f *fixture) health(tg string) []elbtypes.TargetHealthDescription {
	f.t.Helper()
	out, err := f.c.DescribeTargetHealth(f.ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)})
	if err != nil {
		f.t.Fatalf("describe target health: %v", err)
	}
	return out.TargetHealthDescriptions
}

// states returns the target states of tg, in instance id order.
func (f *fixture) states(tg string) []string {
	var out []string
	for _, d := range f.health(tg) {
		out = append(out, string(d.TargetHealth.State))
	}
	return out
}

func errCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := errCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
