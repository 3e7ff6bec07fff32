package awssdk

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/integration/syncbuf"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

func TestStatsCountAttemptsAndThrottles(t *testing.T) {
	srv := newQueryServer(t, throttled(), throttled(), emptyDescribe())
	var logs syncbuf.Buffer
	f := newTestFactory(t, srv.URL, func(o *Options) { o.Logger = jsonLogger(&logs) })
	c, err := f.For(t.Context(), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AutoScaling.DescribeAutoScalingGroups(t.Context(), &autoscaling.DescribeAutoScalingGroupsInput{}); err != nil {
		t.Fatalf("the standard retryer did not retry the throttles: %v", err)
	}
	st := f.Stats()
	if st.Calls["DescribeAutoScalingGroups"] != 3 || st.Throttles["DescribeAutoScalingGroups"] != 2 {
		t.Fatalf("Stats = %+v, want 3 calls and 2 throttles of DescribeAutoScalingGroups", st)
	}
	if got := srv.requests(); len(got) != 3 {
		t.Fatalf("server saw %v", got)
	}

	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 {
		t.Fatalf("want 2 warnings, got %d: %s", len(lines), logs.String())
	}
	for i, m := range lines {
		if m["level"] != "WARN" || m["operation"] != "DescribeAutoScalingGroups" || m["bucket"] != "autoscaling" || m["attempt"] != float64(i+1) {
			t.Errorf("warning %d = %v", i, m)
		}
	}
}

func TestThrottlesBeyondMaxAttemptsReachTheCallerClassified(t *testing.T) {
	srv := newQueryServer(t, throttled(), throttled(), throttled())
	f := newTestFactory(t, srv.URL, func(o *Options) { o.MaxAttempts = 2 })
	c, err := f.For(t.Context(), testRegion, "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AutoScaling.DescribeAutoScalingGroups(t.Context(), &autoscaling.DescribeAutoScalingGroupsInput{})
	if !awsapi.IsClass(err, awsapi.ClassThrottled) {
		t.Fatalf("err = %v, want throttled", err)
	}
	if st := f.Stats(); st.Calls["DescribeAutoScalingGroups"] != 2 || st.Throttles["DescribeAutoScalingGroups"] != 2 {
		t.Fatalf("Stats = %+v, want 2 attempts, both throttled", st)
	}
}

func TestAccessDeniedFromTheSDKNamesTheAction(t *testing.T) {
	srv := newQueryServer(t, queryReply{http.StatusForbidden, asgError("AccessDenied", "User is not authorized to perform: autoscaling:CreateAutoScalingGroup")})
	f := newTestFactory(t, srv.URL, nil)
	c, err := f.For(t.Context(), testRegion, "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AutoScaling.CreateAutoScalingGroup(t.Context(), &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String("web-1"), MinSize: aws.Int32(0), MaxSize: aws.Int32(1),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("web")},
	})
	if !awsapi.IsClass(err, awsapi.ClassAccessDenied) {
		t.Fatalf("err = %v, want access denied", err)
	}
	if !strings.HasPrefix(err.Error(), "access denied calling CreateAutoScalingGroup: the role needs autoscaling:CreateAutoScalingGroup, ") {
		t.Fatalf("err = %q does not name the IAM actions", err)
	}
	if st := f.Stats(); st.Calls["CreateAutoScalingGroup"] != 1 {
		t.Fatalf("access denied was retried: %+v", st)
	}
}
