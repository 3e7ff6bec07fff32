package motohost_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/sandbox/motohost"
	"github.com/asgctl/asgctl/integration/motoserver"
)

// moto is this package's one moto_server, started by the first moto test
// and reset for each.
var moto motoserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	moto.Stop()
	os.Exit(code)
}

// motoClients are real SDK clients pointed at a fresh moto_server.
type motoClients struct {
	as  *autoscaling.Client
	ec2 *ec2.Client
	elb *elbv2.Client
}

func newMotoClients(t *testing.T) motoClients {
	t.Helper()
	cfg := moto.Server(t).Config(t)
	return motoClients{as: autoscaling.NewFromConfig(cfg), ec2: ec2.NewFromConfig(cfg), elb: elbv2.NewFromConfig(cfg)}
}

func provision(t *testing.T, c motoClients) motohost.Resources {
	t.Helper()
	res, err := motohost.Provision(t.Context(), motohost.ProvisionClients{EC2: c.ec2, ELBv2: c.elb}, "web", amiV1)
	if err != nil {
		t.Fatalf("provision: %v", err)
	}
	return res
}

// createGroup creates a group the way the controller's executor does:
// pinned launch template version, both subnets, ELB health checks, the
// asgctl tags propagated at launch, and target group tg when not empty.
func createGroup(t *testing.T, c motoClients, res motohost.Resources, svc, name, tg string, desired int32) {
	t.Helper()
	tag := func(k, v string) astypes.Tag {
		return astypes.Tag{Key: aws.String(k), Value: aws.String(v), PropagateAtLaunch: aws.Bool(true),
			ResourceId: aws.String(name), ResourceType: aws.String("auto-scaling-group")}
	}
	in := &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name),
		LaunchTemplate:       &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(res.LaunchTemplateID), Version: aws.String("1")},
		MinSize:              aws.Int32(0), MaxSize: aws.Int32(4), DesiredCapacity: aws.Int32(desired),
		VPCZoneIdentifier: aws.String(strings.Join(res.Subnets, ",")),
		HealthCheckType:   aws.String("ELB"), HealthCheckGracePeriod: aws.Int32(60),
		Tags: []astypes.Tag{tag("asgctl:ami", amiV1), tag("asgctl:rollout", "r-1"), tag("asgctl:seq", "1"), tag("asgctl:service", svc)},
	}
	if tg != "" {
		in.TargetGroupARNs = []string{tg}
	}
	if _, err := c.as.CreateAutoScalingGroup(t.Context(), in); err != nil {
		t.Fatalf("create asg %s: %v", name, err)
	}
}

// groupInstances returns the ids of a group's instances, sorted.
func groupInstances(t *testing.T, c motoClients, name string) []string {
	t.Helper()
	out, err := c.as.DescribeAutoScalingGroups(t.Context(), &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	if err != nil || len(out.AutoScalingGroups) != 1 {
		t.Fatalf("describe asg %s: %v (%d groups)", name, err, len(out.AutoScalingGroups))
	}
	var ids []string
	for _, inst := range out.AutoScalingGroups[0].Instances {
		ids = append(ids, aws.ToString(inst.InstanceId))
	}
	slices.Sort(ids)
	return ids
}

func TestProvisionInMoto(t *testing.T) {
	c := newMotoClients(t)
	res := provision(t, c)
	if len(res.Subnets) != 2 || len(res.TargetGroups) != 2 || res.ListenerARN == "" || res.LaunchTemplateID == "" {
		t.Fatalf("resources = %+v", res)
	}
	wantSubnetZones(t, c, res.Subnets)
	wantTargetGroups(t, c, res.TargetGroups)
	wantListener(t, c, res)
	wantLaunchTemplate(t, c, res.LaunchTemplateID)
}

// TestAddListenerInMoto: a second listener on the provisioned load
// balancer, on its own port, forwarding 100/0 like the first.
func TestAddListenerInMoto(t *testing.T) {
	c := newMotoClients(t)
	res := provision(t, c)
	test, err := motohost.AddListener(t.Context(), c.elb, "web", res, 8443)
	if err != nil {
		t.Fatal(err)
	}
	wantListener(t, c, motohost.Resources{ListenerARN: test, TargetGroups: res.TargetGroups})
	out, err := c.elb.DescribeListeners(t.Context(), &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(res.LoadBalancerARN)})
	if err != nil || len(out.Listeners) != 2 {
		t.Fatalf("listeners of the load balancer: %v %+v, want two", err, out)
	}
	for _, l := range out.Listeners {
		if arn := aws.ToString(l.ListenerArn); arn == test && aws.ToInt32(l.Port) != 8443 || arn == res.ListenerARN && aws.ToInt32(l.Port) != 80 {
			t.Errorf("listener %s on port %d", arn, aws.ToInt32(l.Port))
		}
	}
	if _, err := motohost.AddListener(t.Context(), c.elb, "web", motohost.Resources{}, 8444); err == nil {
		t.Error("a listener was added to no load balancer")
	}
}

func wantSubnetZones(t *testing.T, c motoClients, subnets []string) {
	t.Helper()
	out, err := c.ec2.DescribeSubnets(t.Context(), &ec2.DescribeSubnetsInput{SubnetIds: subnets})
	if err != nil {
		t.Fatalf("describe subnets: %v", err)
	}
	var zones []string
	for _, s := range out.Subnets {
		zones = append(zones, aws.ToString(s.AvailabilityZone))
	}
	slices.Sort(zones)
	if !slices.Equal(zones, []string{"us-east-1a", "us-east-1b"}) {
		t.Fatalf("subnet zones = %q", zones)
	}
}

func wantTargetGroups(t *testing.T, c motoClients, arns []string) {
	t.Helper()
	out, err := c.elb.DescribeTargetGroups(t.Context(), &elbv2.DescribeTargetGroupsInput{TargetGroupArns: arns})
	if err != nil || len(out.TargetGroups) != 2 {
		t.Fatalf("describe target groups: %v (%d groups)", err, len(out.TargetGroups))
	}
	for i, tg := range out.TargetGroups {
		name := []string{"web-a", "web-b"}[i]
		if aws.ToString(tg.TargetGroupArn) != arns[i] || aws.ToString(tg.TargetGroupName) != name ||
			tg.Protocol != elbtypes.ProtocolEnumHttp || tg.TargetType != elbtypes.TargetTypeEnumInstance ||
			aws.ToString(tg.HealthCheckPath) != "/ping" || aws.ToInt32(tg.HealthyThresholdCount) != 2 {
			t.Errorf("target group %d = %s %s %s %s path %s healthy %d; want %s HTTP instance /ping 2", i,
				aws.ToString(tg.TargetGroupArn), aws.ToString(tg.TargetGroupName), tg.Protocol, tg.TargetType,
				aws.ToString(tg.HealthCheckPath), aws.ToInt32(tg.HealthyThresholdCount), name)
		}
	}
}

func wantListener(t *testing.T, c motoClients, res motohost.Resources) {
	t.Helper()
	out, err := c.elb.DescribeListeners(t.Context(), &elbv2.DescribeListenersInput{ListenerArns: []string{res.ListenerARN}})
	if err != nil || len(out.Listeners) != 1 || len(out.Listeners[0].DefaultActions) != 1 {
		t.Fatalf("describe listener: %v %+v", err, out)
	}
	fwd := out.Listeners[0].DefaultActions[0].ForwardConfig
	if fwd == nil || len(fwd.TargetGroups) != 2 {
		t.Fatalf("listener forward = %+v, want two target groups", fwd)
	}
	for i, want := range []int32{100, 0} {
		got := fwd.TargetGroups[i]
		if aws.ToString(got.TargetGroupArn) != res.TargetGroups[i] || aws.ToInt32(got.Weight) != want {
			t.Errorf("forward %d = %s/%d, want %s/%d", i, aws.ToString(got.TargetGroupArn), aws.ToInt32(got.Weight), res.TargetGroups[i], want)
		}
	}
	lbs, err := c.elb.DescribeLoadBalancers(t.Context(), &elbv2.DescribeLoadBalancersInput{
		LoadBalancerArns: []string{aws.ToString(out.Listeners[0].LoadBalancerArn)}})
	if err != nil || len(lbs.LoadBalancers) != 1 || lbs.LoadBalancers[0].Scheme != elbtypes.LoadBalancerSchemeEnumInternal ||
		lbs.LoadBalancers[0].Type != elbtypes.LoadBalancerTypeEnumApplication {
		t.Fatalf("load balancer: %v %+v, want one internal application load balancer", err, lbs)
	}
}

func wantLaunchTemplate(t *testing.T, c motoClients, id string) {
	t.Helper()
	out, err := c.ec2.DescribeLaunchTemplateVersions(t.Context(), &ec2.DescribeLaunchTemplateVersionsInput{
		LaunchTemplateId: aws.String(id), Versions: []string{"1"}})
	if err != nil || len(out.LaunchTemplateVersions) != 1 {
		t.Fatalf("describe launch template %s version 1: %v %+v", id, err, out)
	}
	if got := aws.ToString(out.LaunchTemplateVersions[0].LaunchTemplateData.ImageId); got != amiV1 {
		t.Fatalf("version 1 launches %s, want %s", got, amiV1)
	}
}

func TestMirrorAndOverlayAgainstMoto(t *testing.T) {
	c := newMotoClients(t)
	res := provision(t, c)
	tgA, tgB := res.TargetGroups[0], res.TargetGroups[1]
	createGroup(t, c, res, "web", "web-v001", tgA, 2)
	createGroup(t, c, res, "api", "api-v001", "", 1) // another service's: never hosted
	ids := groupInstances(t, c, "web-v001")
	if len(ids) != 2 {
		t.Fatalf("web-v001 instances = %q, want 2", ids)
	}

	host, mirrorClock := &recordingHost{}, clocktest.New(t0)
	m := motohost.NewMirror(motohost.MirrorConfig{Service: "web", AutoScaling: c.as, EC2: c.ec2, Host: host, Clock: mirrorClock})
	goRun(t, m.Run)
	awaitPending(t, mirrorClock, 1) // the first poll is done
	wantCalls(t, host, []started{{ids[0], amiV1}, {ids[1], amiV1}}, nil)

	health, checkClock := newFakeHealth(), clocktest.New(t0)
	elb := motohost.ELB(c.elb, health, motohost.HealthConfig{Hosted: m, Clock: checkClock})
	goRun(t, elb.Run)
	const initial = "initial/Elb.InitialHealthChecking"
	wantHealth(t, elb, tgA, ids[0]+"="+initial+" "+ids[1]+"="+initial)
	health.set(ids[0], true)
	health.set(ids[1], true)
	tick(t, checkClock, time.Second)
	wantHealth(t, elb, tgA, ids[0]+"="+initial+" "+ids[1]+"="+initial)
	tick(t, checkClock, time.Second)
	wantHealth(t, elb, tgA, ids[0]+"=healthy "+ids[1]+"=healthy")

	scale(t, c, "web-v001", 0)
	tick(t, mirrorClock, motohost.DefaultPoll)
	wantCalls(t, host, []started{{ids[0], amiV1}, {ids[1], amiV1}}, ids)
	t.Logf("moto's own answer after scale-in: %s", healthOf(t, c.elb, tgA))
	wantHealth(t, elb, tgA, "")
	wantHealth(t, elb, tgA, ids[0]+"=unused/Target.NotRegistered", ids[0])

	createGroup(t, c, res, "web", "web-v002", tgB, 1)
	tick(t, mirrorClock, motohost.DefaultPoll)
	v2 := groupInstances(t, c, "web-v002")
	all := sortedIDs(append(slices.Clone(ids), v2[0]))
	allStarts := []started{{all[0], amiV1}, {all[1], amiV1}, {all[2], amiV1}}
	wantCalls(t, host, allStarts, ids)
	if _, err := c.as.DeleteAutoScalingGroup(t.Context(), &autoscaling.DeleteAutoScalingGroupInput{
		AutoScalingGroupName: aws.String("web-v002"), ForceDelete: aws.Bool(true)}); err != nil {
		t.Fatalf("delete asg web-v002: %v", err)
	}
	tick(t, mirrorClock, motohost.DefaultPoll)
	wantCalls(t, host, allStarts, all)
	if got := m.Instances(); len(got) != 0 {
		t.Fatalf("still hosted: %q", got)
	}
}

func scale(t *testing.T, c motoClients, name string, desired int32) {
	t.Helper()
	_, err := c.as.UpdateAutoScalingGroup(t.Context(), &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name), MinSize: aws.Int32(0), DesiredCapacity: aws.Int32(desired)})
	if err != nil {
		t.Fatalf("scale asg %s to %d: %v", name, desired, err)
	}
}

func sortedIDs(ids []string) []string {
	slices.Sort(ids)
	return ids
}
