package awssdk

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// Fetching a role's credentials runs inside an API call's attempt, so it
// is tried once per attempt: an STS endpoint that keeps failing costs
// MaxAttempts AssumeRole requests in all, not MaxAttempts², and each
// retry of the API call is reported (attempt 2 and 3 of 3), the STS
// request never on its own.
func TestAssumeRoleIsNotRetriedInsideTheCall(t *testing.T) {
	srv := newQueryServer(t) // every request: 500 InternalFailure
	var events []RetryEvent
	f := newTestFactory(t, srv.URL, func(o *Options) {
		o.MaxAttempts = 3
		o.OnRetry = func(ev RetryEvent) { events = append(events, ev) }
	})
	c, err := f.For(t.Context(), testRegion, "arn:aws:iam::123456789012:role/deploy", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AutoScaling.DescribeAutoScalingGroups(t.Context(), &autoscaling.DescribeAutoScalingGroupsInput{}); err == nil {
		t.Fatal("the call succeeded against a failing STS")
	}
	if got, want := srv.requests(), []string{"AssumeRole", "AssumeRole", "AssumeRole"}; !slices.Equal(got, want) {
		t.Errorf("requests = %q, want %q", got, want)
	}
	var attempts []int
	for _, ev := range events {
		if ev.Service != "Auto Scaling" || ev.Operation != "DescribeAutoScalingGroups" || ev.MaxAttempts != 3 {
			t.Errorf("retry event %+v, want Auto Scaling DescribeAutoScalingGroups of 3", ev)
		}
		attempts = append(attempts, ev.Attempt)
	}
	if !slices.Equal(attempts, []int{2, 3}) {
		t.Errorf("retries reported for attempts %v, want [2 3]", attempts)
	}
}
