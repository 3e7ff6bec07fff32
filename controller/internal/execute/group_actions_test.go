package execute_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/execute"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

func TestCreateLaunchTemplateVersion(t *testing.T) {
	f := newFixture(t)
	f.mustApply(t, reconcile.Action{Kind: reconcile.ActCreateLTVersion, LaunchTemplateID: f.lt, AMI: amiNext, Description: "asgctl web-v002"})
	out, err := f.cloud.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt)})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, v := range out.LaunchTemplateVersions {
		if aws.ToInt64(v.VersionNumber) == 2 {
			found = aws.ToString(v.VersionDescription) == "asgctl web-v002" && aws.ToString(v.LaunchTemplateData.ImageId) == amiNext
		}
	}
	if !found {
		t.Fatalf("version 2 with the new AMI not found: %+v", out.LaunchTemplateVersions)
	}
}

func TestCreateGroupAndAdoptOnRetry(t *testing.T) {
	f := newFixture(t)
	a := f.createGroup(svc, 2, "web-v002")
	a.LifecycleHook = "asgctl-ready"
	f.mustApply(t, a)
	g, ok := f.cloud.Truth().Groups["web-v002"]
	if !ok {
		t.Fatal("group not created")
	}
	wantTags := map[string]string{
		"team": "payments", api.TagService: svc, api.TagRollout: "web-v002", api.TagSeq: "2", api.TagAMI: amiNext,
	}
	if !reflect.DeepEqual(g.Tags, wantTags) {
		t.Errorf("tags = %v, want %v", g.Tags, wantTags)
	}
	if g.Min != 1 || g.Max != 4 || g.Desired != 2 || g.LaunchTemplateVersion != "1" || g.LaunchTemplateID != f.lt {
		t.Errorf("group = %+v", g)
	}
	if !reflect.DeepEqual(g.TargetGroups, []string{f.green}) {
		t.Errorf("target groups = %v", g.TargetGroups)
	}

	before := f.cloud.Truth()
	f.mustApply(t, a) // a retry after a crash adopts the group
	if after := f.cloud.Truth(); !reflect.DeepEqual(before, after) {
		t.Fatalf("re-applying create_group changed the world")
	}
}

func TestCreateGroupRefusesForeignGroup(t *testing.T) {
	f := newFixture(t)
	f.mustApply(t, f.createGroup(svc, 2, "someone-else"))
	before := f.cloud.Truth()
	_, err := f.apply(t, f.createGroup(svc, 2, "web-v002"))
	if !errors.Is(err, execute.ErrPrecondition) {
		t.Fatalf("err = %v, want ErrPrecondition", err)
	}
	if !reflect.DeepEqual(before, f.cloud.Truth()) {
		t.Fatal("refused create changed the world")
	}
}

func TestCreateGroupNeedsPinnedVersion(t *testing.T) {
	f := newFixture(t)
	a := f.createGroup(svc, 2, "web-v002")
	a.LaunchTemplateVersion = "$Latest"
	if _, err := f.apply(t, a); err == nil {
		t.Fatal("$Latest accepted")
	}
	if _, ok := f.cloud.Truth().Groups["web-v002"]; ok {
		t.Fatal("group created from $Latest")
	}
}

func TestUpdateCapacity(t *testing.T) {
	f := newFixture(t)
	f.mustApply(t, f.createGroup(svc, 2, "web-v002"))
	grow := reconcile.Action{Kind: reconcile.ActUpdateCapacity, Group: "web-v002", Capacity: capacity(2, 4, 3), ExpectCapacity: capacity(1, 4, 2)}
	f.mustApply(t, grow)
	if g := f.cloud.Truth().Groups["web-v002"]; g.Min != 2 || g.Desired != 3 {
		t.Fatalf("capacity not updated: %+v", g)
	}
	calls := f.calls(func() { f.mustApply(t, grow) })
	if calls["UpdateAutoScalingGroup"] != 0 {
		t.Errorf("re-apply updated again: %v", calls)
	}

	stale := reconcile.Action{Kind: reconcile.ActUpdateCapacity, Group: "web-v002", Capacity: capacity(0, 4, 0), ExpectCapacity: capacity(1, 4, 2)}
	if _, err := f.apply(t, stale); !errors.Is(err, execute.ErrPrecondition) {
		t.Fatalf("err = %v, want ErrPrecondition", err)
	}
	if g := f.cloud.Truth().Groups["web-v002"]; g.Min != 2 || g.Desired != 3 {
		t.Fatalf("conflicting update was written: %+v", g)
	}
}

func TestSuspendAndResumeProcesses(t *testing.T) {
	f := newFixture(t)
	f.mustApply(t, f.createGroup(svc, 2, "web-v002"))
	suspend := reconcile.Action{Kind: reconcile.ActSuspendProcesses, Group: "web-v002", Processes: reconcile.RolloutProcesses}
	f.mustApply(t, suspend, suspend)
	if got := f.cloud.Truth().Groups["web-v002"].Suspended; !reflect.DeepEqual(got, reconcile.RolloutProcesses) {
		t.Fatalf("suspended = %v", got)
	}
	resume := reconcile.Action{Kind: reconcile.ActResumeProcesses, Group: "web-v002", Processes: reconcile.RolloutProcesses}
	f.mustApply(t, resume, resume)
	if got := f.cloud.Truth().Groups["web-v002"].Suspended; len(got) != 0 {
		t.Fatalf("still suspended: %v", got)
	}
	if _, err := f.apply(t, reconcile.Action{Kind: reconcile.ActSuspendProcesses, Group: "web-v002"}); err == nil {
		t.Fatal("suspending an empty list (all processes) accepted")
	}
}

func TestDeleteGroup(t *testing.T) {
	f := newFixture(t)
	f.mustApply(t, f.createGroup(svc, 2, "web-v002"))
	f.clk.Advance(5 * time.Minute)
	del := reconcile.Action{Kind: reconcile.ActDeleteGroup, Group: "web-v002", Service: svc}
	f.mustApply(t, del)
	if g, ok := f.cloud.Truth().Groups["web-v002"]; ok && !g.Deleting {
		t.Fatalf("group neither gone nor deleting: %+v", g)
	}
	f.mustApply(t, del) // while deleting
	f.clk.Advance(30 * time.Minute)
	if _, ok := f.cloud.Truth().Groups["web-v002"]; ok {
		t.Fatal("group not deleted after 30m")
	}
	f.mustApply(t, del) // once gone
}

func TestDeleteGroupRefusesOtherService(t *testing.T) {
	f := newFixture(t)
	foreign := f.createGroup("api", 1, "api-v001")
	foreign.Tags = map[string]string{api.TagService: "api"}
	f.mustApply(t, foreign)
	_, err := f.apply(t, reconcile.Action{Kind: reconcile.ActDeleteGroup, Group: "api-v001", Service: svc})
	if !errors.Is(err, execute.ErrPrecondition) {
		t.Fatalf("err = %v, want ErrPrecondition", err)
	}
	if g := f.cloud.Truth().Groups["api-v001"]; g.Deleting || g.Name == "" {
		t.Fatalf("foreign group touched: %+v", g)
	}
}

func TestDeleteGroupInUseIsAnError(t *testing.T) {
	f := newFixture(t)
	f.mustApply(t, f.createGroup(svc, 2, "web-v002"))
	f.cloud.FailNext("DeleteAutoScalingGroup", "ResourceInUse", 1)
	if _, err := f.apply(t, reconcile.Action{Kind: reconcile.ActDeleteGroup, Group: "web-v002", Service: svc}); err == nil {
		t.Fatal("in_use on a group that is not deleting counted as done")
	}
	if g := f.cloud.Truth().Groups["web-v002"]; g.Deleting {
		t.Fatalf("group deleting after a failed delete: %+v", g)
	}
}
