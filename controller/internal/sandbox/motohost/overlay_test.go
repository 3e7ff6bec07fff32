package motohost_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/sandbox/motohost"
)

// healthOf renders a DescribeTargetHealth answer as "id=state[/reason]"
// sorted by id, the way failures print it.
func healthOf(t *testing.T, elb awsapi.ELBv2, tg string, ids ...string) string {
	t.Helper()
	in := &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg)}
	for _, id := range ids {
		in.Targets = append(in.Targets, elbtypes.TargetDescription{Id: aws.String(id)})
	}
	out, err := elb.DescribeTargetHealth(t.Context(), in)
	if err != nil {
		t.Fatalf("describe target health of %s: %v", tg, err)
	}
	var parts []string
	for _, d := range out.TargetHealthDescriptions {
		s := fmt.Sprintf("%s=%s", aws.ToString(d.Target.Id), d.TargetHealth.State)
		if d.TargetHealth.Reason != "" {
			s += "/" + string(d.TargetHealth.Reason)
		}
		parts = append(parts, s)
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

func wantHealth(t *testing.T, elb awsapi.ELBv2, tg, want string, ids ...string) {
	t.Helper()
	if got := healthOf(t, elb, tg, ids...); got != want {
		t.Fatalf("target health of %s = %q, want %q", tg, got, want)
	}
}

func TestOverlayChecksTargetsLikeAnALB(t *testing.T) {
	inner := &fakeELB{targets: map[string][]string{}}
	inner.register("tg-a", "i-1", "i-2")
	health, hosted := newFakeHealth(), newFakeHosted("i-1", "i-2")
	clk := clocktest.New(t0)
	elb := motohost.ELB(inner, health, motohost.HealthConfig{Hosted: hosted, Clock: clk, Interval: 5 * time.Second})
	goRun(t, elb.Run)

	const initial = "initial/Elb.InitialHealthChecking"
	wantHealth(t, elb, "tg-a", "i-1="+initial+" i-2="+initial)
	health.set("i-1", true)
	tick(t, clk, 5*time.Second)
	wantHealth(t, elb, "tg-a", "i-1="+initial+" i-2="+initial)
	tick(t, clk, 5*time.Second)
	wantHealth(t, elb, "tg-a", "i-1=healthy i-2=unhealthy/Target.FailedHealthChecks")

	health.set("i-1", false)
	health.set("i-2", true)
	tick(t, clk, 5*time.Second)
	wantHealth(t, elb, "tg-a", "i-1=healthy i-2=unhealthy/Target.FailedHealthChecks")
	tick(t, clk, 5*time.Second)
	wantHealth(t, elb, "tg-a", "i-1=unhealthy/Target.FailedHealthChecks i-2=healthy")
}

func TestOverlayLeavesOutTargetsNoLongerHosted(t *testing.T) {
	inner := &fakeELB{targets: map[string][]string{}}
	inner.register("tg-a", "i-1", "i-2")
	health, hosted := newFakeHealth(), newFakeHosted("i-1", "i-2")
	health.set("i-1", true)
	health.set("i-2", true)
	clk := clocktest.New(t0)
	elb := motohost.ELB(inner, health, motohost.HealthConfig{Hosted: hosted, Clock: clk})
	goRun(t, elb.Run)
	healthOf(t, elb, "tg-a")
	tick(t, clk, motohost.DefaultInterval)
	tick(t, clk, motohost.DefaultInterval)
	wantHealth(t, elb, "tg-a", "i-1=healthy i-2=healthy")

	hosted.remove("i-1") // left its group; moto still says healthy
	wantHealth(t, elb, "tg-a", "i-2=healthy")
	wantHealth(t, elb, "tg-a", "i-1=unused/Target.NotRegistered i-2=healthy", "i-1", "i-2")
	wantHealth(t, elb, "tg-a", "i-9=unused/Target.NotRegistered", "i-9") // moto's own answer
}

func TestOverlayStartsOverForAReregisteredTarget(t *testing.T) {
	inner := &fakeELB{targets: map[string][]string{}}
	inner.register("tg-a", "i-1")
	health := newFakeHealth()
	health.set("i-1", true)
	clk := clocktest.New(t0)
	elb := motohost.ELB(inner, health, motohost.HealthConfig{Clock: clk})
	goRun(t, elb.Run)
	healthOf(t, elb, "tg-a")
	tick(t, clk, time.Second)
	tick(t, clk, time.Second)
	wantHealth(t, elb, "tg-a", "i-1=healthy")

	inner.deregister("tg-a", "i-1")
	wantHealth(t, elb, "tg-a", "")
	inner.register("tg-a", "i-1")
	wantHealth(t, elb, "tg-a", "i-1=initial/Elb.InitialHealthChecking")
}

func TestOverlayChecksEachTargetGroupOnItsOwn(t *testing.T) {
	inner := &fakeELB{targets: map[string][]string{}}
	inner.register("tg-a", "i-1")
	inner.register("tg-b", "i-1")
	health := newFakeHealth()
	health.set("i-1", true)
	clk := clocktest.New(t0)
	elb := motohost.ELB(inner, health, motohost.HealthConfig{Clock: clk})
	goRun(t, elb.Run)
	healthOf(t, elb, "tg-a")
	tick(t, clk, time.Second)
	healthOf(t, elb, "tg-b") // seen one check later
	tick(t, clk, time.Second)
	wantHealth(t, elb, "tg-a", "i-1=healthy")
	wantHealth(t, elb, "tg-b", "i-1=initial/Elb.InitialHealthChecking")
}

func TestOverlayDefaults(t *testing.T) {
	clk := clocktest.New(t0)
	elb := motohost.ELB(&fakeELB{targets: map[string][]string{}}, newFakeHealth(), motohost.HealthConfig{Clock: clk})
	goRun(t, elb.Run)
	awaitPending(t, clk, 1)
	if at, _ := clk.NextDeadline(); !at.Equal(t0.Add(time.Second)) {
		t.Fatalf("first check at %v, want %v (DefaultInterval)", at.Sub(t0), time.Second)
	}
}

func TestOverlayPassesTheRestThrough(t *testing.T) {
	elb := motohost.ELB(&fakeELB{targets: map[string][]string{}}, newFakeHealth(), motohost.HealthConfig{})
	out, err := elb.DescribeListeners(t.Context(), &elbv2.DescribeListenersInput{})
	if err != nil || len(out.Listeners) != 1 || aws.ToString(out.Listeners[0].ListenerArn) != "listener-1" {
		t.Fatalf("DescribeListeners = %+v, %v; want the inner answer", out, err)
	}
	_, err = elb.DescribeTargetHealth(t.Context(), &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String("nope")})
	if !errors.Is(err, errNoTargetGroup) {
		t.Fatalf("DescribeTargetHealth of a missing group: %v, want the inner error", err)
	}
}

func TestOverlayRunEndsWithItsContext(t *testing.T) {
	clk := clocktest.New(t0)
	elb := motohost.ELB(&fakeELB{targets: map[string][]string{}}, newFakeHealth(), motohost.HealthConfig{Clock: clk})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { elb.Run(ctx); close(done) }()
	awaitPending(t, clk, 1)
	cancel()
	<-done
	if n := clk.Pending(); n != 0 {
		t.Fatalf("%d timers left pending after Run returned", n)
	}
}

// TestOverlayViewSharesTheChecks: a view over another client answers from
// the same health checks, and its calls go to that client only.
func TestOverlayViewSharesTheChecks(t *testing.T) {
	inner, other := &fakeELB{targets: map[string][]string{}}, &fakeELB{targets: map[string][]string{}}
	inner.register("tg-a", "i-1")
	other.register("tg-a", "i-1")
	health := newFakeHealth()
	clk := clocktest.New(t0)
	elb := motohost.ELB(inner, health, motohost.HealthConfig{Hosted: newFakeHosted("i-1"), Clock: clk, Interval: time.Second})
	view := elb.Over(other)
	goRun(t, elb.Run)
	wantHealth(t, elb, "tg-a", "i-1=initial/Elb.InitialHealthChecking")
	health.set("i-1", true)
	tick(t, clk, time.Second)
	tick(t, clk, time.Second)
	wantHealth(t, view, "tg-a", "i-1=healthy")
	if inner.healthCalls() != 1 || other.healthCalls() != 1 {
		t.Errorf("calls: inner %d, view's client %d; want 1 each", inner.healthCalls(), other.healthCalls())
	}
}
