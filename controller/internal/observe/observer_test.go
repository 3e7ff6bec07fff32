package observe_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

var ctx = context.Background()

func TestIdleServiceReadsOnlyGroups(t *testing.T) {
	f := newFixture(t)
	f.createGroup(t, svc, 2, f.green, 1)
	f.createGroup(t, svc, 1, f.blue, 2)
	f.createGroup(t, "api", 1, f.blue, 0) // another service's group
	f.clk.Advance(10 * time.Minute)

	var obs reconcile.Observed
	calls := f.calls(func() {
		var err error
		if obs, err = f.obs.Observe(ctx, f.desired(nil)); err != nil {
			t.Fatalf("observe: %v", err)
		}
	})
	if !obs.GroupsKnown || obs.WeightsKnown || obs.AlarmsKnown || obs.LaunchTemplatesKnown || obs.Health != nil {
		t.Fatalf("known flags: %+v", obs)
	}
	if obs.Rollout != nil || obs.RolloutIndex != 0 || obs.HistorySeq != 0 {
		t.Fatalf("record: %+v", obs)
	}
	want := []reconcile.Group{
		{Name: "web-v001", Seq: 1, RolloutID: "web-v001", AMI: amiBlue, LaunchTemplateVersion: "1",
			Capacity: api.Capacity{Min: 0, Max: 4, Desired: 2}, Instances: 2, InService: 2, TargetGroups: []string{f.blue}},
		{Name: "web-v002", Seq: 2, RolloutID: "web-v002", AMI: amiBlue, LaunchTemplateVersion: "1",
			Capacity: api.Capacity{Min: 0, Max: 4, Desired: 1}, Instances: 1, InService: 1, TargetGroups: []string{f.green}},
	}
	if !reflect.DeepEqual(obs.Groups, want) {
		t.Fatalf("groups:\n got %+v\nwant %+v", obs.Groups, want)
	}
	for _, op := range []string{"DescribeListeners", "DescribeRules", "DescribeTargetHealth", "DescribeAlarms", "DescribeLaunchTemplateVersions"} {
		if calls[op] != 0 {
			t.Errorf("idle pass called %s %d times", op, calls[op])
		}
	}
	if calls["DescribeAutoScalingGroups"] != 1 {
		t.Errorf("DescribeAutoScalingGroups called %d times, want 1", calls["DescribeAutoScalingGroups"])
	}
}

func TestGroupsFollowPagesAndNormalise(t *testing.T) {
	f := newFixture(t)
	for seq := 1; seq <= 120; seq++ {
		f.createGroup(t, svc, seq, f.blue, boolInt(seq == 9))
	}
	f.clk.Advance(5 * time.Minute) // web-v009's instance is running
	_, err := f.cloud.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{
		AutoScalingGroupName: aws.String("web-v007"), ScalingProcesses: []string{"ScheduledActions", "AZRebalance"},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.cloud.DeleteAutoScalingGroup(ctx, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("web-v009"), ForceDelete: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	var obs reconcile.Observed
	calls := f.calls(func() {
		var err error
		if obs, err = f.obs.Observe(ctx, f.desired(nil)); err != nil {
			t.Fatalf("observe: %v", err)
		}
	})
	if len(obs.Groups) != 120 || calls["DescribeAutoScalingGroups"] < 2 {
		t.Fatalf("got %d groups in %d calls, want all 120 over several pages", len(obs.Groups), calls["DescribeAutoScalingGroups"])
	}
	deleting := 0
	for i, g := range obs.Groups {
		if g.Deleting {
			deleting++
		}
		if i > 0 && g.Seq <= obs.Groups[i-1].Seq {
			t.Fatalf("groups not sorted by seq at %d: %d after %d", i, g.Seq, obs.Groups[i-1].Seq)
		}
		switch g.Name {
		case "web-v007":
			if !reflect.DeepEqual(g.Suspended, []string{"AZRebalance", "ScheduledActions"}) {
				t.Errorf("suspended = %v", g.Suspended)
			}
		}
	}
	if deleting != 1 || !obs.Groups[8].Deleting {
		t.Errorf("want web-v009 (only) deleting, got %d: %+v", deleting, obs.Groups[8])
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestShiftingReadsWeightsHealthAndAlarms(t *testing.T) {
	f := newFixture(t)
	f.createGroup(t, svc, 1, f.blue, 2)
	f.createGroup(t, svc, 2, f.green, 2)
	f.spec.Alarms = []string{"web-latency", "web-5xx"}
	f.cloud.CreateAlarm("web-latency")
	f.cloud.SetAlarmState("web-5xx", "ALARM")
	setListener(t, f, map[string]int{f.blue: 90, f.green: 10})
	rec := f.putRecord(t, api.PhaseShifting)
	f.clk.Advance(10 * time.Minute)

	var obs reconcile.Observed
	calls := f.calls(func() {
		var err error
		if obs, err = f.obs.Observe(ctx, f.desired(nil)); err != nil {
			t.Fatalf("observe: %v", err)
		}
	})
	if obs.Rollout == nil || obs.Rollout.ID != rec.ID || obs.RolloutIndex == 0 {
		t.Fatalf("record not read: %+v", obs.Rollout)
	}
	if !obs.WeightsKnown || !reflect.DeepEqual(obs.Weights, map[string]int{f.blue: 90, f.green: 10}) {
		t.Fatalf("weights = %v (known %v)", obs.Weights, obs.WeightsKnown)
	}
	truth := f.cloud.Truth()
	for _, tg := range []string{f.blue, f.green} {
		h, ok := obs.Health[tg]
		if !ok || h.Healthy != truth.TargetGroups[tg].Healthy || h.Healthy != 2 {
			t.Errorf("health of %s = %+v, truth %+v", tg, h, truth.TargetGroups[tg])
		}
	}
	if !obs.AlarmsKnown || !reflect.DeepEqual(obs.Alarms, map[string]string{"web-latency": "OK", "web-5xx": "ALARM"}) {
		t.Fatalf("alarms = %v", obs.Alarms)
	}
	if obs.LaunchTemplatesKnown || calls["DescribeLaunchTemplateVersions"] != 0 {
		t.Errorf("shifting read launch templates")
	}
	if calls["DescribeTargetHealth"] != 2 || calls["DescribeAlarms"] != 1 {
		t.Errorf("calls = %v", calls)
	}
}

func TestHealthCountsStates(t *testing.T) {
	f := newFixture(t)
	f.createGroup(t, svc, 2, f.green, 3)
	f.putRecord(t, api.PhaseWaitingHealthy)
	f.clk.Advance(time.Second) // instances pending: nothing registered yet
	obs, err := f.obs.Observe(ctx, f.desired(nil))
	if err != nil {
		t.Fatal(err)
	}
	if h := obs.Health[f.green]; h.Healthy != 0 {
		t.Fatalf("healthy before boot: %+v", h)
	}
	f.clk.Advance(10 * time.Minute)
	if obs, err = f.obs.Observe(ctx, f.desired(nil)); err != nil {
		t.Fatal(err)
	}
	if h := obs.Health[f.green]; h.Healthy != 3 || h.Total() != 3 {
		t.Fatalf("health after boot: %+v", h)
	}
	if _, ok := obs.Health[f.blue]; ok {
		t.Fatalf("waiting for green read blue's health too: %v", obs.Health)
	}
}

func TestPendingRequestReadsRuleWeights(t *testing.T) {
	f := newFixture(t)
	f.spec.RuleARN = f.cloud.CreateRule(f.spec.ListenerARN, map[string]int{f.blue: 30, f.green: 70})
	req := &api.Desired{Version: 1, AMI: amiNext, RequestID: "req-2", RequestedAt: f.clk.Now()}

	var obs reconcile.Observed
	calls := f.calls(func() {
		var err error
		if obs, err = f.obs.Observe(ctx, f.desired(req)); err != nil {
			t.Fatalf("observe: %v", err)
		}
	})
	if !obs.WeightsKnown || !reflect.DeepEqual(obs.Weights, map[string]int{f.blue: 30, f.green: 70}) {
		t.Fatalf("rule weights = %v", obs.Weights)
	}
	if calls["DescribeRules"] != 1 || calls["DescribeListeners"] != 0 || calls["DescribeTargetHealth"] != 0 {
		t.Fatalf("calls = %v", calls)
	}
}

func TestPlainForwardReadsAsHundred(t *testing.T) {
	f := newFixture(t)
	f.putRecord(t, api.PhaseWaitingHealthy)
	_, err := f.cloud.ModifyListener(ctx, &elbv2.ModifyListenerInput{
		ListenerArn:    aws.String(f.spec.ListenerARN),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(f.blue)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	obs, err := f.obs.Observe(ctx, f.desired(nil))
	if err != nil {
		t.Fatal(err)
	}
	// A plain forward to blue alone (AWS reports it as weight 1).
	if want := map[string]int{f.blue: 100, f.green: 0}; !reflect.DeepEqual(obs.Weights, want) {
		t.Fatalf("weights = %v, want %v", obs.Weights, want)
	}
}

func TestLaunchingReadsTemplateVersionsNewestFirst(t *testing.T) {
	f := newFixture(t)
	for i, ami := range []string{amiBlue, amiNext} {
		_, err := f.cloud.CreateLaunchTemplateVersion(ctx, &ec2.CreateLaunchTemplateVersionInput{
			LaunchTemplateId: aws.String(f.spec.LaunchTemplateID), SourceVersion: aws.String("$Default"),
			VersionDescription: aws.String("v" + string(rune('2'+i))), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(ami)},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	f.putRecord(t, api.PhaseLaunching)
	obs, err := f.obs.Observe(ctx, f.desired(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []reconcile.LTVersion{
		{Number: 3, ImageID: amiNext, Description: "v3"},
		{Number: 2, ImageID: amiBlue, Description: "v2"},
		{Number: 1, ImageID: amiBlue},
	}
	if !obs.LaunchTemplatesKnown || !reflect.DeepEqual(obs.LaunchTemplates, want) {
		t.Fatalf("launch templates = %+v", obs.LaunchTemplates)
	}
	if obs.AlarmsKnown {
		t.Fatalf("launching read alarms")
	}
}

func TestFailureIsWrappedAndClassified(t *testing.T) {
	f := newFixture(t)
	f.cloud.FailNext("DescribeAutoScalingGroups", "Throttling", 1)
	_, err := f.obs.Observe(ctx, f.desired(nil))
	if err == nil || !awsapi.IsClass(err, awsapi.ClassThrottled) {
		t.Fatalf("err = %v, want a throttled error", err)
	}
	var target interface{ ErrorCode() string }
	if !errors.As(err, &target) {
		t.Fatalf("cause not kept: %v", err)
	}
}

func TestSnapshotIsDeterministic(t *testing.T) {
	f := newFixture(t)
	f.createGroup(t, svc, 1, f.blue, 2)
	f.createGroup(t, svc, 2, f.green, 2)
	f.spec.Alarms = []string{"b", "a"}
	setListener(t, f, map[string]int{f.blue: 50, f.green: 50})
	f.putRecord(t, api.PhasePaused)
	f.clk.Advance(10 * time.Minute)
	var first []byte
	for i := 0; i < 3; i++ {
		obs, err := f.obs.Observe(ctx, f.desired(nil))
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(obs)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if string(b) != string(first) {
			t.Fatalf("snapshot %d differs:\n%s\n%s", i, first, b)
		}
	}
}
