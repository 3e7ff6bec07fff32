package awssdk

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

const window = 50 * time.Millisecond

// simFixture is a simaws cloud behind the adapter's own Auto Scaling chain:
// batching in front of the rate-limited wrapper.
type simFixture struct {
	fake  *clocktest.Fake
	cloud *simaws.Cloud
	as    *batchedAutoScaling
	lt    string
	tg    string
}

// newSimFixture must run inside a synctest bubble: the batcher's timers
// belong to it.
func newSimFixture(t *testing.T, maxValues int) *simFixture {
	t.Helper()
	fake := clocktest.New(epoch)
	cloud := simaws.New(simaws.Config{Clock: fake, Seed: 1})
	g := gate{limiters: newLimiterSet(fake, nil), region: "us-east-1", principal: "default"}
	inner := &limitedAutoScaling{c: cloud.Clients().AutoScaling, g: g}
	f := &simFixture{fake: fake, cloud: cloud, as: newBatchedAutoScaling(inner, fake, window, maxValues)}
	f.lt = cloud.CreateLaunchTemplate("app", "ami-1")
	f.tg = cloud.CreateTargetGroup("app-blue")
	return f
}

// createGroups makes n groups tagged asgctl:service=svc through the API.
func (f *simFixture) createGroups(t *testing.T, svc string, n int) {
	t.Helper()
	for i := range n {
		_, err := f.cloud.Clients().AutoScaling.CreateAutoScalingGroup(t.Context(), &autoscaling.CreateAutoScalingGroupInput{
			AutoScalingGroupName: aws.String(fmt.Sprintf("%s-%03d", svc, i)),
			LaunchTemplate:       &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(f.lt), Version: aws.String("1")},
			MinSize:              aws.Int32(0), MaxSize: aws.Int32(2), DesiredCapacity: aws.Int32(0),
			VPCZoneIdentifier: aws.String("subnet-a"),
			TargetGroupARNs:   []string{f.tg},
			Tags:              []astypes.Tag{{Key: aws.String(api.TagService), Value: aws.String(svc)}},
		})
		if err != nil {
			t.Fatalf("create group of %s: %v", svc, err)
		}
	}
}

// serviceInput is the call controller/internal/observe makes per service.
func serviceInput(svc string) *autoscaling.DescribeAutoScalingGroupsInput {
	return &autoscaling.DescribeAutoScalingGroupsInput{
		Filters:    []astypes.Filter{{Name: aws.String("tag:" + api.TagService), Values: []string{svc}}},
		MaxRecords: aws.Int32(100),
	}
}

type listing struct {
	names []string
	err   error
}

// listAll starts one observe-style listing per service and returns a
// function that waits for them.
func (f *simFixture) listAll(ctx context.Context, services []string) func() map[string]listing {
	var mu sync.Mutex
	var wg sync.WaitGroup
	out := map[string]listing{}
	for _, svc := range services {
		wg.Go(func() {
			groups, err := awsapi.AllGroups(ctx, f.as, serviceInput(svc))
			var names []string
			for _, g := range groups {
				names = append(names, aws.ToString(g.AutoScalingGroupName))
			}
			sort.Strings(names)
			mu.Lock()
			out[svc] = listing{names, err}
			mu.Unlock()
		})
	}
	return func() map[string]listing { wg.Wait(); return out }
}

func (f *simFixture) describeCalls() int { return f.cloud.Calls()["DescribeAutoScalingGroups"] }

func TestBatchCoalescesConcurrentServicesIntoOneCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSimFixture(t, 50)
		want := map[string]int{"web": 60, "api": 50, "jobs": 1, "idle": 0}
		for svc, n := range want {
			f.createGroups(t, svc, n)
		}
		f.createGroups(t, "not-asked", 3)
		f.cloud.ResetCalls()

		wait := f.listAll(t.Context(), []string{"web", "api", "jobs", "idle"})
		synctest.Wait()
		if n := f.describeCalls(); n != 0 {
			t.Fatalf("%d calls before the window closed, want 0", n)
		}
		f.fake.Advance(window)
		got := wait()

		// 111 groups at 100 per page: one batched call, read in two pages.
		if n := f.describeCalls(); n != 2 {
			t.Fatalf("DescribeAutoScalingGroups pages = %d, want 2 (one batched call)", n)
		}
		for svc, n := range want {
			l := got[svc]
			if l.err != nil {
				t.Fatalf("%s: %v", svc, l.err)
			}
			if len(l.names) != n {
				t.Errorf("%s got %d groups, want %d", svc, len(l.names), n)
			}
			for _, name := range l.names {
				if !strings.HasPrefix(name, svc+"-") {
					t.Errorf("%s got group %s of another service", svc, name)
				}
			}
		}
	})
}

func TestBatchFlushesWhenFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSimFixture(t, 2)
		for _, svc := range []string{"a", "b", "c"} {
			f.createGroups(t, svc, 1)
		}
		f.cloud.ResetCalls()
		wait := f.listAll(t.Context(), []string{"a", "b", "c"})
		synctest.Wait()
		// Whichever two callers came first filled a batch, which went out
		// at once; the third waits for its window.
		if n := f.describeCalls(); n != 1 {
			t.Fatalf("calls before any window closed = %d, want 1 (the full batch)", n)
		}
		f.fake.Advance(window)
		for svc, l := range wait() {
			if l.err != nil || len(l.names) != 1 {
				t.Errorf("%s: %v %v", svc, l.names, l.err)
			}
		}
		if n := f.describeCalls(); n != 2 {
			t.Fatalf("calls = %d, want 2", n)
		}
	})
}

func TestBatchSameServiceTwiceSharesTheCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSimFixture(t, 50)
		f.createGroups(t, "web", 2)
		f.cloud.ResetCalls()
		first := f.listAll(t.Context(), []string{"web"})
		second := f.listAll(t.Context(), []string{"web"})
		synctest.Wait()
		f.fake.Advance(window)
		for _, l := range []listing{first()["web"], second()["web"]} {
			if l.err != nil || !slices.Equal(l.names, []string{"web-000", "web-001"}) {
				t.Errorf("got %v %v", l.names, l.err)
			}
		}
		if n := f.describeCalls(); n != 1 {
			t.Fatalf("calls = %d, want 1", n)
		}
	})
}

func TestBatchPassesOtherShapesThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSimFixture(t, 50)
		f.createGroups(t, "web", 2)
		f.createGroups(t, "api", 1)
		svcFilter := func(values ...string) []astypes.Filter {
			return []astypes.Filter{{Name: aws.String("tag:" + api.TagService), Values: values}}
		}
		cases := map[string]struct {
			in   *autoscaling.DescribeAutoScalingGroupsInput
			opts []func(*autoscaling.Options)
			want int
		}{
			"nil input":      {nil, nil, 3},
			"no filter":      {&autoscaling.DescribeAutoScalingGroupsInput{}, nil, 3},
			"names":          {&autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"web-000"}, Filters: svcFilter("web")}, nil, 1},
			"two values":     {&autoscaling.DescribeAutoScalingGroupsInput{Filters: svcFilter("web", "api")}, nil, 3},
			"other tag":      {&autoscaling.DescribeAutoScalingGroupsInput{Filters: []astypes.Filter{{Name: aws.String("tag:team"), Values: []string{"x"}}}}, nil, 0},
			"two filters":    {&autoscaling.DescribeAutoScalingGroupsInput{Filters: append(svcFilter("web"), astypes.Filter{Name: aws.String("tag-key"), Values: []string{api.TagService}})}, nil, 2},
			"instances flag": {&autoscaling.DescribeAutoScalingGroupsInput{Filters: svcFilter("web"), IncludeInstances: aws.Bool(false)}, nil, 2},
			"option funcs":   {serviceInput("web"), []func(*autoscaling.Options){func(*autoscaling.Options) {}}, 2},
		}
		for name, tc := range cases {
			f.cloud.ResetCalls()
			out, err := f.as.DescribeAutoScalingGroups(t.Context(), tc.in, tc.opts...)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if f.fake.Pending() != 0 || f.describeCalls() != 1 {
				t.Errorf("%s: was batched (timers %d, calls %d)", name, f.fake.Pending(), f.describeCalls())
			}
			if n := len(out.AutoScalingGroups); n != tc.want {
				t.Errorf("%s: %d groups, want %d", name, n, tc.want)
			}
		}

		// A call that continues from a next token is the caller's own
		// pagination: it passes through too.
		in := &autoscaling.DescribeAutoScalingGroupsInput{Filters: svcFilter("web"), MaxRecords: aws.Int32(1), IncludeInstances: aws.Bool(true)}
		first, err := f.as.DescribeAutoScalingGroups(t.Context(), in)
		if err != nil || first.NextToken == nil {
			t.Fatalf("first page: %v, next token %v", err, first.NextToken)
		}
		next := serviceInput("web")
		next.NextToken = first.NextToken
		out, err := f.as.DescribeAutoScalingGroups(t.Context(), next)
		if err != nil || len(out.AutoScalingGroups) != 1 || aws.ToString(out.AutoScalingGroups[0].AutoScalingGroupName) != "web-001" {
			t.Fatalf("second page: %v %v", out, err)
		}
	})
}

func TestBatchCallerThatGivesUpLeavesTheOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSimFixture(t, 50)
		f.createGroups(t, "web", 1)
		f.createGroups(t, "api", 1)
		ctx, cancel := context.WithCancel(t.Context())
		quitter := f.listAll(ctx, []string{"web"})
		stayer := f.listAll(t.Context(), []string{"api"})
		synctest.Wait()
		cancel()
		if l := quitter()["web"]; l.err != context.Canceled {
			t.Fatalf("canceled caller got %v %v, want context.Canceled", l.names, l.err)
		}
		f.fake.Advance(window)
		if l := stayer()["api"]; l.err != nil || len(l.names) != 1 {
			t.Fatalf("remaining caller got %v %v", l.names, l.err)
		}
	})
}

func TestBatchErrorReachesEveryCallerExplained(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSimFixture(t, 50)
		f.cloud.FailNext("DescribeAutoScalingGroups", "AccessDenied", 1)
		wait := f.listAll(t.Context(), []string{"web", "api"})
		synctest.Wait()
		f.fake.Advance(window)
		for svc, l := range wait() {
			if !awsapi.IsClass(l.err, awsapi.ClassAccessDenied) {
				t.Errorf("%s: error %v, want access denied", svc, l.err)
				continue
			}
			if !strings.Contains(l.err.Error(), "the role needs autoscaling:DescribeAutoScalingGroups") {
				t.Errorf("%s: error %q does not name the IAM action", svc, l.err)
			}
		}
	})
}
