package simaws

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

func TestForceDeleteLifecycle(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 2, nil)
	f.at(2 * time.Minute)
	del := func(force bool) error {
		_, err := f.c.DeleteAutoScalingGroup(f.ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("web-v001"), ForceDelete: aws.Bool(force)})
		return err
	}
	wantCode(t, del(false), codeResourceInUse)
	if g := f.group("web-v001"); g.Deleting || len(g.Instances) != 2 {
		t.Fatalf("a refused delete changed the group: %+v", g)
	}
	if err := del(true); err != nil {
		t.Fatal(err)
	}
	if d := f.describe("web-v001"); d == nil || aws.ToString(d.Status) != "Delete in progress" {
		t.Fatalf("describe while deleting: %+v", d)
	}
	wantCode(t, del(true), codeScalingInProgress)
	_, err := f.c.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String("web-v001"), DesiredCapacity: aws.Int32(0)})
	wantCode(t, err, codeValidation)
	if got := f.states(f.blue); !slices.Equal(got, repeat("draining", 2)) {
		t.Fatalf("targets while deleting: %v", got)
	}
	f.at(2*time.Minute + 300*time.Second + 20*time.Second - time.Millisecond)
	if g := f.group("web-v001"); !g.Deleting || !slices.Equal(f.lifecycles("web-v001"), repeat("Terminating", 2)) {
		t.Fatalf("just before the end: %+v", g)
	}
	f.at(2*time.Minute + 320*time.Second)
	if _, ok := f.c.Truth().Groups["web-v001"]; ok || f.describe("web-v001") != nil {
		t.Fatal("group should be gone")
	}
	err = del(true)
	wantCode(t, err, codeValidation)
	if !strings.Contains(err.Error(), "not found") {
		t.Fatalf("missing group: %v", err)
	}
}

func TestDeleteEmptyGroupWithoutForce(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	if _, err := f.c.DeleteAutoScalingGroup(f.ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("web-v001")}); err != nil {
		t.Fatal(err)
	}
	if f.describe("web-v001") != nil {
		t.Fatal("empty group should be deleted at once")
	}
}

func TestCreateValidation(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 1, nil)
	for _, tc := range []struct {
		name string
		mut  func(*autoscaling.CreateAutoScalingGroupInput)
		code string
	}{
		{"taken", func(in *autoscaling.CreateAutoScalingGroupInput) { in.AutoScalingGroupName = aws.String("web-v001") }, codeAlreadyExists},
		{"desired above max", func(in *autoscaling.CreateAutoScalingGroupInput) { in.DesiredCapacity = aws.Int32(11) }, codeValidation},
		{"min above desired", func(in *autoscaling.CreateAutoScalingGroupInput) { in.MinSize = aws.Int32(3) }, codeValidation},
		{"unknown target group", func(in *autoscaling.CreateAutoScalingGroupInput) { in.TargetGroupARNs = []string{"arn:nope"} }, codeValidation},
		{"unknown template", func(in *autoscaling.CreateAutoScalingGroupInput) {
			in.LaunchTemplate.LaunchTemplateId = aws.String("lt-nope")
		}, codeValidation},
		{"unknown version", func(in *autoscaling.CreateAutoScalingGroupInput) { in.LaunchTemplate.Version = aws.String("9") }, codeValidation},
		{"no subnets", func(in *autoscaling.CreateAutoScalingGroupInput) { in.VPCZoneIdentifier = nil }, codeValidation},
		{"bad hook", func(in *autoscaling.CreateAutoScalingGroupInput) {
			in.LifecycleHookSpecificationList = []astypes.LifecycleHookSpecification{{LifecycleHookName: aws.String("h"), LifecycleTransition: aws.String("nope")}}
		}, codeValidation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := f.createInput("web-v002", 1)
			tc.mut(in)
			_, err := f.c.CreateAutoScalingGroup(f.ctx, in)
			wantCode(t, err, tc.code)
			if tc.code == codeAlreadyExists && !strings.Contains(err.Error(), "A group with the name web-v001 already exists") {
				t.Fatalf("message: %v", err)
			}
			if _, ok := f.c.Truth().Groups["web-v002"]; ok {
				t.Fatal("a failed create made a group")
			}
		})
	}
}

func TestUpdateCapacityRules(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 2, nil)
	update := func(in *autoscaling.UpdateAutoScalingGroupInput) error {
		in.AutoScalingGroupName = aws.String("web-v001")
		_, err := f.c.UpdateAutoScalingGroup(f.ctx, in)
		return err
	}
	if err := update(&autoscaling.UpdateAutoScalingGroupInput{MinSize: aws.Int32(4)}); err != nil {
		t.Fatal(err)
	}
	if g := f.group("web-v001"); g.Desired != 4 || len(g.Instances) != 4 {
		t.Fatalf("raising min raises desired: %+v", g)
	}
	if err := update(&autoscaling.UpdateAutoScalingGroupInput{MinSize: aws.Int32(0), MaxSize: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	if g := f.group("web-v001"); g.Desired != 1 || g.Max != 1 {
		t.Fatalf("lowering max lowers desired: %+v", g)
	}
	wantCode(t, update(&autoscaling.UpdateAutoScalingGroupInput{DesiredCapacity: aws.Int32(5)}), codeValidation)
	_, err := f.c.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String("nope")})
	wantCode(t, err, codeValidation)
	if !strings.Contains(err.Error(), "not found") {
		t.Fatalf("unknown group: %v", err)
	}
}

func TestLaunchHookWaitsForTheApp(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.HealthCheck = TunedHealthCheck() })
	hooks := []astypes.LifecycleHookSpecification{{LifecycleHookName: aws.String("ready"), LifecycleTransition: aws.String(transitionLaunching), HeartbeatTimeout: aws.Int32(600)}}
	f.create("web-v001", 1, func(in *autoscaling.CreateAutoScalingGroupInput) { in.LifecycleHookSpecificationList = hooks })
	f.at(boot)
	if got := f.lifecycles("web-v001"); !slices.Equal(got, []string{"Pending:Wait"}) || len(f.health(f.blue)) != 0 {
		t.Fatalf("at boot: %v, targets %v", got, f.states(f.blue))
	}
	f.at(boot + appStart)
	if got := f.lifecycles("web-v001"); !slices.Equal(got, []string{"InService"}) {
		t.Fatalf("once the app is up: %v", got)
	}
	f.at(boot + appStart + 5*time.Second)
	if got := f.states(f.blue); !slices.Equal(got, []string{"healthy"}) {
		t.Fatalf("one check after the hook: %v", got)
	}
}

func TestCompleteLifecycleActionAbandonReplaces(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.AppStart = Range{time.Minute, time.Minute} })
	hooks := []astypes.LifecycleHookSpecification{{LifecycleHookName: aws.String("ready"), LifecycleTransition: aws.String(transitionLaunching)}}
	f.create("web-v001", 1, func(in *autoscaling.CreateAutoScalingGroupInput) { in.LifecycleHookSpecificationList = hooks })
	f.at(boot)
	id := f.group("web-v001").Instances[0].ID
	complete := func(result string) error {
		_, err := f.c.CompleteLifecycleAction(f.ctx, &autoscaling.CompleteLifecycleActionInput{
			AutoScalingGroupName: aws.String("web-v001"), LifecycleHookName: aws.String("ready"),
			InstanceId: aws.String(id), LifecycleActionResult: aws.String(result),
		})
		return err
	}
	wantCode(t, complete("MAYBE"), codeValidation)
	if err := complete(resultAbandon); err != nil {
		t.Fatal(err)
	}
	wantCode(t, complete(resultContinue), codeValidation) // no action left
	g := f.group("web-v001")
	if len(g.Instances) != 2 {
		t.Fatalf("abandon should terminate and replace: %+v", g.Instances)
	}
	for _, inst := range g.Instances {
		if want := map[bool]string{true: "Terminating", false: "Pending"}[inst.ID == id]; inst.Lifecycle != want {
			t.Fatalf("%+v, want %s", inst, want)
		}
	}
}

func TestLaunchHookTimeoutAbandonsNeverHealthy(t *testing.T) {
	f := newFixture(t, nil)
	f.c.BreakAMI("ami-blue", AppNeverHealthy)
	hooks := []astypes.LifecycleHookSpecification{{LifecycleHookName: aws.String("ready"), LifecycleTransition: aws.String(transitionLaunching), HeartbeatTimeout: aws.Int32(300)}}
	f.create("web-v001", 1, func(in *autoscaling.CreateAutoScalingGroupInput) { in.LifecycleHookSpecificationList = hooks })
	first := f.group("web-v001").Instances[0].ID
	f.at(boot + 300*time.Second - time.Millisecond)
	if got := f.lifecycles("web-v001"); !slices.Equal(got, []string{"Pending:Wait"}) {
		t.Fatalf("before the timeout: %v", got)
	}
	f.at(boot + 300*time.Second + 20*time.Second)
	g := f.group("web-v001")
	if len(g.Instances) != 1 || g.Instances[0].ID == first || g.Instances[0].Lifecycle != "Pending" {
		t.Fatalf("after the timeout the instance is replaced: %+v", g.Instances)
	}
}

func TestELBHealthCheckReplacesUnhealthy(t *testing.T) {
	for _, suspended := range []bool{false, true} {
		f := newFixture(t, func(c *Config) { c.HealthCheck = TunedHealthCheck() })
		f.c.BreakAMI("ami-blue", AppNeverHealthy)
		f.create("web-v001", 1, func(in *autoscaling.CreateAutoScalingGroupInput) {
			in.HealthCheckType = aws.String("ELB")
			in.HealthCheckGracePeriod = aws.Int32(60)
		})
		if suspended {
			f.suspend("web-v001", procReplaceUnhealthy)
		}
		first := f.group("web-v001").Instances[0].ID
		f.at(boot + 59*time.Second)
		if d := f.describe("web-v001"); aws.ToString(d.Instances[0].HealthStatus) != "Healthy" {
			t.Fatalf("within the grace period: %+v", d.Instances[0])
		}
		f.at(boot + 60*time.Second)
		d := f.describe("web-v001")
		switch {
		case suspended && (len(d.Instances) != 1 || aws.ToString(d.Instances[0].HealthStatus) != "Unhealthy"):
			t.Fatalf("ReplaceUnhealthy suspended: %+v", d.Instances)
		case !suspended && (len(d.Instances) != 2 || f.c.Truth().TargetGroups[f.blue].Targets[first] != "draining"):
			t.Fatalf("replaced: %+v", d.Instances)
		}
	}
}

func (f *fixture) suspend(name string, procs ...string) {
	f.t.Helper()
	if _, err := f.c.SuspendProcesses(f.ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: aws.String(name), ScalingProcesses: procs}); err != nil {
		f.t.Fatal(err)
	}
}

func TestSuspendAndResumeProcesses(t *testing.T) {
	f := newFixture(t, nil)
	f.create("web-v001", 0, nil)
	f.suspend("web-v001", procLaunch, procAddToLoadBalancer, "AZRebalance")
	f.setDesired("web-v001", 2)
	if g := f.group("web-v001"); len(g.Instances) != 0 || !slices.Equal(g.Suspended, []string{"AZRebalance", procAddToLoadBalancer, procLaunch}) {
		t.Fatalf("launch suspended: %+v", g)
	}
	d := f.describe("web-v001")
	if len(d.SuspendedProcesses) != 3 || !strings.HasPrefix(aws.ToString(d.SuspendedProcesses[0].SuspensionReason), "User suspended at") {
		t.Fatalf("describe: %+v", d.SuspendedProcesses)
	}
	_, err := f.c.ResumeProcesses(f.ctx, &autoscaling.ResumeProcessesInput{AutoScalingGroupName: aws.String("web-v001"), ScalingProcesses: []string{procLaunch}})
	if err != nil {
		t.Fatal(err)
	}
	f.at(boot)
	if got := f.lifecycles("web-v001"); !slices.Equal(got, repeat("InService", 2)) || len(f.health(f.blue)) != 0 {
		t.Fatalf("launched but not registered: %v %v", got, f.states(f.blue))
	}
	_, err = f.c.SuspendProcesses(f.ctx, &autoscaling.SuspendProcessesInput{AutoScalingGroupName: aws.String("web-v001"), ScalingProcesses: []string{"Nope"}})
	wantCode(t, err, codeValidation)
	_, err = f.c.ResumeProcesses(f.ctx, &autoscaling.ResumeProcessesInput{AutoScalingGroupName: aws.String("web-v001")})
	if err != nil || len(f.group("web-v001").Suspended) != 0 {
		t.Fatalf("resume all: %v %+v", err, f.group("web-v001").Suspended)
	}
}
