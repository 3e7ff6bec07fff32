package balancer

import (
	"net/http"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// TestSplitsTrafficByWeight: 90/10 sends exactly 9 requests in 10 to blue,
// each group's requests shared evenly by its targets.
func TestSplitsTrafficByWeight(t *testing.T) {
	f := newFixture(t, 90, 10, nil)
	b, g := f.ids(f.blue), f.ids(f.green)
	got := f.send(1000)
	wantCounts(t, got, map[string]int{b[0]: 450, b[1]: 450, g[0]: 50, g[1]: 50})
	s := f.b.Stats()
	if s.Requests != 1000 || s.Failures != 0 || s.Retries != 0 {
		t.Fatalf("stats %+v, want 1000 requests, no failure or retry", s)
	}
	if s.ByTargetGroup[f.blue] != 900 || s.ByTargetGroup[f.green] != 100 {
		t.Fatalf("by target group %v, want 900 blue, 100 green", s.ByTargetGroup)
	}
	if s.ByTarget[b[0]] != 450 || s.ByTarget[g[1]] != 50 {
		t.Fatalf("by target %v", s.ByTarget)
	}
}

// TestWeightChangeTakesEffectAfterOneRefresh: a group with weight 0 gets
// nothing; a new split applies from the next refresh, exactly.
func TestWeightChangeTakesEffectAfterOneRefresh(t *testing.T) {
	f := newFixture(t, 100, 0, nil)
	b, g := f.ids(f.blue), f.ids(f.green)
	wantCounts(t, f.send(100), map[string]int{b[0]: 50, b[1]: 50})

	f.setWeights(50, 50)
	wantCounts(t, f.send(100), map[string]int{b[0]: 50, b[1]: 50}) // not refreshed yet
	f.mustStep(refresh)
	wantCounts(t, f.send(100), map[string]int{b[0]: 25, b[1]: 25, g[0]: 25, g[1]: 25})

	f.setWeights(0, 100)
	f.mustStep(refresh)
	wantCounts(t, f.send(100), map[string]int{g[0]: 50, g[1]: 50})
	if rs := f.b.Routes(); len(rs) != 2 || rs[0].Weight != 0 || rs[1].Weight != 100 || len(rs[1].Serving) != 2 {
		t.Fatalf("routes %+v, want blue 0 and green 100 with two serving", rs)
	}
}

// TestUnhealthyTargetsGetNoTraffic: while a group has a healthy target,
// unhealthy ones get nothing; when none is healthy it fails open to all.
func TestUnhealthyTargetsGetNoTraffic(t *testing.T) {
	f := newFixture(t, 100, 0, nil)
	b := f.ids(f.blue)
	f.host.setDown(b[0], true)
	f.mustStep(settle)
	if st := f.states(f.blue); st[b[0]] != "unhealthy" || st[b[1]] != "healthy" {
		t.Fatalf("target states %v, want %s unhealthy, %s healthy", st, b[0], b[1])
	}
	wantCounts(t, f.send(100), map[string]int{b[1]: 100})

	f.host.setDown(b[1], true)
	f.mustStep(settle)
	if st := f.states(f.blue); st[b[0]] != "unhealthy" || st[b[1]] != "unhealthy" {
		t.Fatalf("target states %v, want both unhealthy", st)
	}
	wantCounts(t, f.send(100), map[string]int{b[0]: 50, b[1]: 50})
	if rs := f.b.Routes(); !rs[0].FailOpen || f.b.Stats().Failures != 0 {
		t.Fatalf("routes %+v, stats %+v: want blue failing open without failures", rs, f.b.Stats())
	}
}

// TestDrainingTargetsGetNoNewRequests: a target deregistered on scale-in
// gets no new request from the next refresh, and the requests it was
// serving still finish.
func TestDrainingTargetsGetNoNewRequests(t *testing.T) {
	f := newFixture(t, 100, 0, nil)
	b := f.ids(f.blue)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() { defer wg.Done(); codes[i], _ = f.get(true) }()
	}
	held := map[string]bool{<-f.host.held: true, <-f.host.held: true}
	if !held[b[0]] || !held[b[1]] {
		t.Fatalf("held requests on %v, want one on each of %v", held, b)
	}

	_, err := f.cloud.UpdateAutoScalingGroup(f.ctx, &autoscaling.UpdateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String("web-blue"), DesiredCapacity: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	f.mustStep(refresh)
	var draining, serving string
	for id, st := range f.states(f.blue) {
		switch st {
		case "draining":
			draining = id
		case "healthy":
			serving = id
		}
	}
	if draining == "" || serving == "" {
		t.Fatalf("target states %v, want one draining and one healthy", f.states(f.blue))
	}
	wantCounts(t, f.send(100), map[string]int{serving: 100})

	close(f.host.release)
	wg.Wait()
	if codes[0] != http.StatusOK || codes[1] != http.StatusOK {
		t.Fatalf("in-flight requests answered %v, want both 200", codes)
	}
	if s := f.b.Stats(); s.ByTarget[draining] != 1 || s.Failures != 0 {
		t.Fatalf("stats %+v: want the draining target to have served only its in-flight request", s)
	}
}

// TestConnectErrorIsRetriedElsewhere: a target whose process died between
// refreshes refuses connections; each request that hits it is retried on
// the other target, and no request fails.
func TestConnectErrorIsRetriedElsewhere(t *testing.T) {
	f := newFixture(t, 100, 0, nil)
	b := f.ids(f.blue)
	f.host.kill(b[0])
	wantCounts(t, f.send(100), map[string]int{b[1]: 100})
	s := f.b.Stats()
	if s.Failures != 0 || s.Retries != 50 || s.TargetErrors[b[0]] != 50 {
		t.Fatalf("stats %+v, want 50 retries after 50 errors on %s and no failure", s, b[0])
	}
}

// TestConnectErrorFailsWithoutRetry: with retries off, like the ALB, the
// requests that hit the dead target fail with 502 and count as failures.
func TestConnectErrorFailsWithoutRetry(t *testing.T) {
	f := newFixture(t, 100, 0, func(_ *fixture, c *Config) { c.RetryOnConnectError = aws.Bool(false) })
	b := f.ids(f.blue)
	f.host.kill(b[0])
	wantCounts(t, f.send(100), map[string]int{b[1]: 50, "Bad Gateway": 50})
	if s := f.b.Stats(); s.Failures != 50 || s.Retries != 0 {
		t.Fatalf("stats %+v, want 50 failures and no retry", s)
	}
}

// TestEmptyGroupAnswers503: a group with a weight and no target takes its
// share of the requests and answers them 503, as the ALB does; they are
// failures.
func TestEmptyGroupAnswers503(t *testing.T) {
	var empty string
	f := newFixture(t, 100, 0, func(f *fixture, c *Config) {
		empty = f.cloud.CreateTargetGroup("web-empty")
		c.RuleARN = f.cloud.CreateRule(f.listener, map[string]int{f.blue: 1, empty: 1})
	})
	b := f.ids(f.blue)
	wantCounts(t, f.send(100), map[string]int{b[0]: 25, b[1]: 25, "Service Unavailable": 50})
	if s := f.b.Stats(); s.Failures != 50 || s.ByTargetGroup[empty] != 50 {
		t.Fatalf("stats %+v, want 50 failures routed to the empty group", s)
	}
}

// TestFollowsARule: with RuleARN set the rule's action decides, not the
// listener's default action.
func TestFollowsARule(t *testing.T) {
	var rule string
	f := newFixture(t, 100, 0, func(f *fixture, c *Config) {
		rule = f.cloud.CreateRule(f.listener, map[string]int{f.blue: 1, f.green: 3})
		c.RuleARN = rule
	})
	b, g := f.ids(f.blue), f.ids(f.green)
	wantCounts(t, f.send(80), map[string]int{b[0]: 10, b[1]: 10, g[0]: 30, g[1]: 30})
}

// TestRefreshErrorKeepsTheLastRoutes: a failed read changes nothing; the
// next good one applies.
func TestRefreshErrorKeepsTheLastRoutes(t *testing.T) {
	f := newFixture(t, 100, 0, nil)
	b, g := f.ids(f.blue), f.ids(f.green)
	f.setWeights(0, 100)
	f.cloud.FailNext("DescribeListeners", "Throttling", 1)
	if err := f.step(refresh); err == nil {
		t.Fatal("refresh succeeded through a throttled DescribeListeners")
	}
	wantCounts(t, f.send(10), map[string]int{b[0]: 5, b[1]: 5})
	f.mustStep(refresh)
	wantCounts(t, f.send(10), map[string]int{g[0]: 5, g[1]: 5})
}
