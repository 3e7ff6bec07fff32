package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/asgctl/asgctl/controller/internal/observe"
)

// A launch template change reaches running instances: after the
// template gets a new default version (a bigger instance type), status
// shows the drift, `promote --refresh` makes exactly one new group whose
// pinned version was made from that default (so it launches the new
// instance type, with the live AMI), and a second refresh does nothing.
func TestRefreshRollsANewTemplateVersionOutOnceOnMoto(t *testing.T) {
	w := newProcessWorld(t, "1s")
	amis := w.amis(1)
	if code, out := w.run("promote", "web", "--refresh"); code != 2 || !strings.Contains(out, "nothing is live to refresh") {
		t.Fatalf("refresh before anything is live exited %d:\n%s", code, out)
	}
	w.promoteInline(amis[0], "3m", 0)

	if code, out := w.run("promote", "web", "--refresh", "--wait", "--inline", "--timeout", "2m"); code != 0 || !strings.Contains(out, "nothing to do") {
		t.Fatalf("refresh with nothing changed exited %d:\n%s", code, out)
	}
	w.expectGroups(map[string]groupWant{"web-v001": {ami: amis[0], tg: w.tgA, desired: 2}})

	def := w.newDefaultVersion(ec2types.InstanceTypeM5Large)
	if code, out := w.run("status", "web"); code != 0 || !strings.Contains(out, "web-v001 runs launch template version 1, the default is "+strconv.FormatInt(def, 10)) {
		t.Fatalf("status exited %d without the drift:\n%s", code, out)
	}
	if code, out := w.run("promote", "web", "--refresh", "--wait", "--inline", "--timeout", "3m"); code != 0 {
		t.Fatalf("refresh after a new default version exited %d:\n%s", code, out)
	}
	w.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: w.tgA, desired: 0},
		"web-v002": {ami: amis[0], tg: w.tgB, desired: 2},
	})
	w.expectWeights(0, 100)
	w.expectLaunchedFrom("web-v002", def, ec2types.InstanceTypeM5Large)

	if code, out := w.run("promote", "web", "--refresh", "--wait", "--inline", "--timeout", "2m"); code != 0 || !strings.Contains(out, "nothing to do") {
		t.Fatalf("second refresh exited %d:\n%s", code, out)
	}
	w.expectGroups(map[string]groupWant{
		"web-v001": {ami: amis[0], tg: w.tgA, desired: 0},
		"web-v002": {ami: amis[0], tg: w.tgB, desired: 2},
	})
}

// newDefaultVersion makes a new version of the service's template with
// another instance type the default, as Terraform would, and returns its
// number.
func (w *processWorld) newDefaultVersion(it ec2types.InstanceType) int64 {
	w.t.Helper()
	out, err := w.ec2.CreateLaunchTemplateVersion(w.ctx, &ec2.CreateLaunchTemplateVersionInput{
		LaunchTemplateId: aws.String(w.spec.LaunchTemplateID), SourceVersion: aws.String("1"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: it},
	})
	if err != nil {
		w.t.Fatalf("new template version: %v", err)
	}
	n := aws.ToInt64(out.LaunchTemplateVersion.VersionNumber)
	_, err = w.ec2.ModifyLaunchTemplate(w.ctx, &ec2.ModifyLaunchTemplateInput{
		LaunchTemplateId: aws.String(w.spec.LaunchTemplateID), DefaultVersion: aws.String(strconv.FormatInt(n, 10)),
	})
	if err != nil {
		w.t.Fatalf("make version %d the default: %v", n, err)
	}
	return n
}

// expectLaunchedFrom checks that group records source version src and
// that the version it is pinned to launches instance type it.
func (w *processWorld) expectLaunchedFrom(group string, src int64, it ec2types.InstanceType) {
	w.t.Helper()
	desc, err := w.clients.AutoScaling.DescribeAutoScalingGroups(w.ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{group}})
	if err != nil {
		w.t.Fatal(err)
	}
	if len(desc.AutoScalingGroups) != 1 {
		w.t.Fatalf("group %s: %d found", group, len(desc.AutoScalingGroups))
	}
	g := observe.NormaliseGroup(desc.AutoScalingGroups[0])
	if g.SourceVersion != src {
		w.t.Errorf("%s records source version %d, want %d", group, g.SourceVersion, src)
	}
	out, err := w.ec2.DescribeLaunchTemplateVersions(w.ctx, &ec2.DescribeLaunchTemplateVersionsInput{
		LaunchTemplateId: aws.String(w.spec.LaunchTemplateID), Versions: []string{g.LaunchTemplateVersion},
	})
	if err != nil || len(out.LaunchTemplateVersions) != 1 {
		w.t.Fatalf("describe %s's version %s: %v", group, g.LaunchTemplateVersion, err)
	}
	// The version says what it was made from. That it then launches
	// the default's instance type is AWS's copy of the source
	// version, which moto does not make (awsapitest.DiffSourceVersion).
	v := out.LaunchTemplateVersions[0]
	if d := aws.ToString(v.VersionDescription); !strings.HasSuffix(d, " from version "+strconv.FormatInt(src, 10)) {
		w.t.Errorf("%s's version %s is described %q, want it made from version %d", group, g.LaunchTemplateVersion, d, src)
	}
	if got := v.LaunchTemplateData.InstanceType; got != it {
		w.t.Logf("%s's version %s launches %q on moto (AWS would launch %q from version %d)", group, g.LaunchTemplateVersion, got, it, src)
	}
}
