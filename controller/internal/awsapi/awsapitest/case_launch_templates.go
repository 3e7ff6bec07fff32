package awsapitest

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// testLaunchTemplateVersions: a new version per AMI, read back by number,
// by alias and newest first across pages; missing templates and versions
// are not_found.
func testLaunchTemplateVersions(t *testing.T, s *suite) {
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	for i, ami := range []string{amiV2, amiV3} {
		if v := s.newVersion(t, lt, ami); v != int64(i+2) {
			t.Fatalf("new version for %s = %d, want %d", ami, v, i+2)
		}
	}
	t.Run("by_number", func(t *testing.T) {
		s.skip(t, DiffLaunchTemplateVersions)
		s.wantVersions(t, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(lt), Versions: []string{"2"}}, 0, "2:"+amiV2)
		s.wantVersions(t, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: aws.String("web"), Versions: []string{"1", "3"}}, 0, "3:"+amiV3, "1:"+amiV1)
	})
	t.Run("aliases", func(t *testing.T) {
		s.wantVersions(t, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(lt), Versions: []string{"$Latest"}}, 0, "3:"+amiV3)
		s.wantVersions(t, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(lt), Versions: []string{"$Default"}}, 0, "1:"+amiV1)
	})
	t.Run("newest_first_pages", func(t *testing.T) {
		s.skip(t, DiffLaunchTemplateVersions)
		in := func() *ec2.DescribeLaunchTemplateVersionsInput {
			return &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(lt), MaxResults: aws.Int32(1)}
		}
		s.wantVersions(t, in(), 0, "3:"+amiV3, "2:"+amiV2, "1:"+amiV1)
		s.wantVersions(t, in(), 1, "3:"+amiV3)
	})
	t.Run("not_found", func(t *testing.T) { s.launchTemplateNotFound(t, lt) })
	t.Run("source_version_copies_data", func(t *testing.T) {
		s.skip(t, DiffSourceVersion)
		out, err := s.c.EC2.CreateLaunchTemplateVersion(t.Context(), &ec2.CreateLaunchTemplateVersionInput{
			LaunchTemplateId: aws.String(lt), SourceVersion: aws.String("2"),
			LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceTypeM5Large},
		})
		noErr(t, err, "create launch template version from version 2")
		if got := aws.ToString(out.LaunchTemplateVersion.LaunchTemplateData.ImageId); got != amiV2 {
			t.Errorf("a version made from version 2 launches %q, want version 2's %s", got, amiV2)
		}
	})
}

// newVersion creates a version of lt from version 1 with a new AMI and
// returns its number.
func (s *suite) newVersion(t *testing.T, lt, ami string) int64 {
	t.Helper()
	out, err := s.c.EC2.CreateLaunchTemplateVersion(t.Context(), &ec2.CreateLaunchTemplateVersionInput{
		LaunchTemplateId:   aws.String(lt),
		SourceVersion:      aws.String("1"),
		VersionDescription: aws.String("asgctl " + ami),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(ami)},
	})
	noErr(t, err, "create launch template version")
	v := out.LaunchTemplateVersion
	if got := aws.ToString(v.LaunchTemplateData.ImageId); got != ami {
		t.Fatalf("new version %d launches %q, want %q", aws.ToInt64(v.VersionNumber), got, ami)
	}
	return aws.ToInt64(v.VersionNumber)
}

// wantVersions asserts what LaunchTemplateVersions returns for in, reading
// at most maxPages pages, as "number:ami" in order.
func (s *suite) wantVersions(t *testing.T, in *ec2.DescribeLaunchTemplateVersionsInput, maxPages int, want ...string) {
	t.Helper()
	vs, err := awsapi.LaunchTemplateVersions(t.Context(), s.c.EC2, in, maxPages)
	noErr(t, err, "describe launch template versions")
	var got []string
	for _, v := range vs {
		got = append(got, fmt.Sprintf("%d:%s", aws.ToInt64(v.VersionNumber), aws.ToString(v.LaunchTemplateData.ImageId)))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("versions %+v (max %d pages) = %q, want %q", in.Versions, maxPages, got, want)
	}
}

func (s *suite) launchTemplateNotFound(t *testing.T, lt string) {
	missing := "lt-0123456789abcdef0"
	_, err := s.c.EC2.DescribeLaunchTemplateVersions(t.Context(), &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(missing)})
	wantClass(t, err, awsapi.ClassNotFound, "describe versions of a missing template id")
	_, err = s.c.EC2.DescribeLaunchTemplateVersions(t.Context(), &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: aws.String("no-such-template")})
	wantClass(t, err, awsapi.ClassNotFound, "describe versions of a missing template name")
	_, err = s.c.EC2.CreateLaunchTemplateVersion(t.Context(), &ec2.CreateLaunchTemplateVersionInput{
		LaunchTemplateId:   aws.String(missing),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(amiV2)},
	})
	wantClass(t, err, awsapi.ClassNotFound, "create a version of a missing template")
	_, err = s.c.EC2.DescribeLaunchTemplateVersions(t.Context(), &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: aws.String(lt), Versions: []string{"99"}})
	wantClass(t, err, awsapi.ClassNotFound, "describe a missing version")
}
