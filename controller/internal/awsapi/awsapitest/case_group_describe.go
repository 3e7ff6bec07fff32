package awsapitest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// describeFixture names five groups and their asgctl:service tags.
var describeFixture = map[string]string{
	"web-a": "web", "web-b": "web", "web-c": "web", "api-a": "api", "api-b": "api",
}

// testGroupDescribe: describes select by names and by tag filters, and
// page with MaxRecords without repeating or losing a group.
func testGroupDescribe(t *testing.T, s *suite) {
	lt := s.b.LaunchTemplate(t, "web", amiV1)
	for name, svc := range describeFixture {
		in := s.groupInput(t, name, lt, 0)
		in.Tags[0].Value = aws.String(svc)
		s.createGroup(t, in)
	}
	t.Run("by_names", func(t *testing.T) {
		got := names(s.groups(t, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"web-a", "api-b", "no-such-group"}}))
		wantNames(t, "by names", got, "web-a", "api-b")
		got = names(s.groups(t, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"no-such-group"}}))
		wantNames(t, "a missing name", got)
	})
	t.Run("by_tags", func(t *testing.T) {
		web := tagFilter("tag:asgctl:service", "web")
		wantNames(t, "tag:asgctl:service=web", names(s.groups(t, filtered(web))), "web-a", "web-b", "web-c")
		both := filtered(web, tagFilter("tag:asgctl:rollout", "web-b", "api-a"))
		wantNames(t, "service=web and rollout in (web-b, api-a)", names(s.groups(t, both)), "web-b")
		wantNames(t, "tag-value api-a", names(s.groups(t, filtered(tagFilter("tag-value", "api-a")))), "api-a")
		wantNames(t, "tag-key", names(s.groups(t, filtered(tagFilter("tag-key", "asgctl:rollout")))), "web-a", "web-b", "web-c", "api-a", "api-b")
	})
	t.Run("pages", func(t *testing.T) { s.groupPages(t) })
}

// groupPages reads the five groups two per page.
func (s *suite) groupPages(t *testing.T) {
	first, err := s.c.AutoScaling.DescribeAutoScalingGroups(t.Context(), &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(2)})
	noErr(t, err, "describe the first page")
	if len(first.AutoScalingGroups) != 2 || aws.ToString(first.NextToken) == "" {
		t.Fatalf("first page: %d groups, next token %q; want 2 and a token", len(first.AutoScalingGroups), aws.ToString(first.NextToken))
	}
	all := names(s.groups(t, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(2)}))
	wantNames(t, "all pages of 2", all, "web-a", "web-b", "web-c", "api-a", "api-b")
	web := names(s.groups(t, &autoscaling.DescribeAutoScalingGroupsInput{MaxRecords: aws.Int32(2), Filters: []astypes.Filter{tagFilter("tag:asgctl:service", "web")}}))
	wantNames(t, "filtered pages of 2", web, "web-a", "web-b", "web-c")
}

func tagFilter(name string, values ...string) astypes.Filter {
	return astypes.Filter{Name: aws.String(name), Values: values}
}

func filtered(fs ...astypes.Filter) *autoscaling.DescribeAutoScalingGroupsInput {
	return &autoscaling.DescribeAutoScalingGroupsInput{Filters: fs}
}

// wantNames asserts the names a describe returned, each once, in any order.
func wantNames(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) || !sameSet(got, want) {
		t.Errorf("%s: groups %q, want %q", what, got, want)
	}
}
