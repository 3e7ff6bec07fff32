package simaws

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func TestDescribeGroupsPaginatesAndFilters(t *testing.T) {
	f := newFixture(t, nil)
	var want []string
	for i := range 7 {
		name := fmt.Sprintf("web-v%03d", i+1)
		f.create(name, 0, func(in *autoscaling.CreateAutoScalingGroupInput) {
			if i%2 == 1 {
				in.Tags = []astypes.Tag{{Key: aws.String("asgctl:service"), Value: aws.String("api")}}
			}
		})
		want = append(want, name)
	}
	var got []string
	token, pages := "", 0
	for {
		in := &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(3)}
		if token != "" {
			in.NextToken = aws.String(token)
		}
		out, err := f.c.DescribeAutoScalingGroups(f.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, g := range out.AutoScalingGroups {
			got = append(got, aws.ToString(g.AutoScalingGroupName))
		}
		if token = aws.ToString(out.NextToken); token == "" {
			break
		}
		if pages == 1 { // a group created between pages is not lost
			f.create("web-v999", 0, nil)
			want = append(want, "web-v999")
		}
	}
	if pages != 3 || !slices.Equal(got, want) {
		t.Fatalf("%d pages: %v", pages, got)
	}
	out, err := f.c.DescribeAutoScalingGroups(f.ctx, &autoscaling.DescribeAutoScalingGroupsInput{
		Filters: []astypes.Filter{{Name: aws.String("tag:asgctl:service"), Values: []string{"api"}}},
	})
	if err != nil || len(out.AutoScalingGroups) != 3 {
		t.Fatalf("tag filter: %v %d", err, len(out.AutoScalingGroups))
	}
	out, _ = f.c.DescribeAutoScalingGroups(f.ctx, &autoscaling.DescribeAutoScalingGroupsInput{
		AutoScalingGroupNames: []string{"web-v001", "web-v002", "nope"},
		Filters:               []astypes.Filter{{Name: aws.String("tag-value"), Values: []string{"web"}}},
	})
	if len(out.AutoScalingGroups) != 1 {
		t.Fatalf("names and tag-value: %d", len(out.AutoScalingGroups))
	}
	for _, in := range []*autoscaling.DescribeAutoScalingGroupsInput{
		{AutoScalingGroupNames: repeat("x", 101)},
		{MaxRecords: aws.Int32(101)},
		{Filters: []astypes.Filter{{Name: aws.String("instance-type")}}},
	} {
		_, err := f.c.DescribeAutoScalingGroups(f.ctx, in)
		wantCode(t, err, codeValidation)
	}
	_, err = f.c.DescribeAutoScalingGroups(f.ctx, &autoscaling.DescribeAutoScalingGroupsInput{NextToken: aws.String("garbage")})
	wantCode(t, err, codeInvalidNextToken)
}

func TestLaunchTemplateVersionsPaginate(t *testing.T) {
	f := newFixture(t, nil)
	for i := 2; i <= 6; i++ {
		out, err := f.c.CreateLaunchTemplateVersion(f.ctx, &ec2.CreateLaunchTemplateVersionInput{
			LaunchTemplateId: aws.String(f.lt), SourceVersion: aws.String("$Latest"),
			LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(fmt.Sprintf("ami-%d", i))},
		})
		if err != nil || aws.ToInt64(out.LaunchTemplateVersion.VersionNumber) != int64(i) {
			t.Fatalf("create version %d: %v", i, err)
		}
	}
	var got []int64
	var token *string
	for pages := 0; ; pages++ {
		out, err := f.c.DescribeLaunchTemplateVersions(f.ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt), MaxResults: aws.Int32(4), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range out.LaunchTemplateVersions {
			got = append(got, aws.ToInt64(v.VersionNumber))
		}
		if token = out.NextToken; token == nil {
			if pages != 1 {
				t.Fatalf("%d pages", pages+1)
			}
			break
		}
	}
	if !slices.Equal(got, []int64{6, 5, 4, 3, 2, 1}) {
		t.Fatalf("versions: %v", got)
	}
	out, err := f.c.DescribeLaunchTemplateVersions(f.ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt), Versions: []string{"$Default", "$Latest", "3"}})
	if err != nil || len(out.LaunchTemplateVersions) != 3 {
		t.Fatalf("named versions: %v %+v", err, out)
	}
	if v := out.LaunchTemplateVersions[0]; aws.ToString(v.LaunchTemplateData.ImageId) != "ami-6" || aws.ToBool(v.DefaultVersion) {
		t.Fatalf("latest: %+v", v)
	}
	if v := out.LaunchTemplateVersions[2]; aws.ToString(v.LaunchTemplateData.ImageId) != "ami-blue" || !aws.ToBool(v.DefaultVersion) {
		t.Fatalf("default: %+v", v)
	}
	for _, tc := range []struct {
		in   *ec2.DescribeLaunchTemplateVersionsInput
		code string
	}{
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String("lt-nope")}, codeLTNotFound},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt), Versions: []string{"42"}}, codeLTVersionNotFound},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt), MaxResults: aws.Int32(201)}, codeInvalidParameter},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(f.lt), NextToken: aws.String("x")}, codeInvalidPagination},
	} {
		_, err := f.c.DescribeLaunchTemplateVersions(f.ctx, tc.in)
		wantCode(t, err, tc.code)
	}
}

func TestCreateLaunchTemplateVersionIsUsedByNewGroups(t *testing.T) {
	f := newFixture(t, nil)
	in := &ec2.CreateLaunchTemplateVersionInput{
		LaunchTemplateId: aws.String(f.lt), SourceVersion: aws.String("1"), ClientToken: aws.String("rollout-2"),
		VersionDescription: aws.String("web rollout 2"), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String("ami-green")},
	}
	out, err := f.c.CreateLaunchTemplateVersion(f.ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.c.CreateLaunchTemplateVersion(f.ctx, in)
	if err != nil || aws.ToInt64(again.LaunchTemplateVersion.VersionNumber) != 2 {
		t.Fatalf("same ClientToken should return version 2: %v", err)
	}
	version := fmt.Sprint(aws.ToInt64(out.LaunchTemplateVersion.VersionNumber))
	f.create("web-v002", 1, func(in *autoscaling.CreateAutoScalingGroupInput) { in.LaunchTemplate.Version = aws.String(version) })
	g := f.group("web-v002")
	if g.AMI != "ami-green" || g.Instances[0].AMI != "ami-green" || g.LaunchTemplateVersion != "2" {
		t.Fatalf("group: %+v", g)
	}
	_, err = f.c.CreateLaunchTemplateVersion(f.ctx, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: aws.String("lt-nope"), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{}})
	wantCode(t, err, codeLTNotFound)
	_, err = f.c.CreateLaunchTemplateVersion(f.ctx, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: aws.String(f.lt), SourceVersion: aws.String("9"), LaunchTemplateData: &ec2types.RequestLaunchTemplateData{}})
	wantCode(t, err, codeLTVersionNotFound)
}
