package awssdk

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// limitedSim wraps a simaws cloud's clients with gates on one limiter set.
type limitedSim struct {
	fake     *clocktest.Fake
	cloud    *simaws.Cloud
	limiters *limiterSet
}

func newLimitedSim(limits map[awsapi.Bucket]Limit) *limitedSim {
	fake := clocktest.New(epoch)
	return &limitedSim{fake: fake, cloud: simaws.New(simaws.Config{Clock: fake, Seed: 1}), limiters: newLimiterSet(fake, limits)}
}

func (s *limitedSim) autoScaling(region, principal string) *limitedAutoScaling {
	return &limitedAutoScaling{c: s.cloud.Clients().AutoScaling, g: gate{s.limiters, region, principal}}
}

func (s *limitedSim) elb(region, principal string) *limitedELBv2 {
	return &limitedELBv2{c: s.cloud.Clients().ELBv2, g: gate{s.limiters, region, principal}}
}

// describe runs one DescribeAutoScalingGroups in a goroutine.
func describe(ctx context.Context, as awsapi.AutoScaling) <-chan error {
	ch := make(chan error, 1)
	go func() {
		_, err := as.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{})
		ch <- err
	}()
	return ch
}

func TestWrappersWaitForTheirBucket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newLimitedSim(map[awsapi.Bucket]Limit{awsapi.BucketAutoScaling: {Rate: 1, Burst: 1}, awsapi.BucketELBDescribe: {Rate: 1, Burst: 1}})
		as := s.autoScaling("us-east-1", "111111111111")
		if err := <-describe(t.Context(), as); err != nil {
			t.Fatal(err)
		}
		second := describe(t.Context(), as)
		pending(t, second)
		if n := s.cloud.Calls()["DescribeAutoScalingGroups"]; n != 1 {
			t.Fatalf("calls reaching AWS = %d while the second waits, want 1", n)
		}

		// Other buckets, Regions and accounts have tokens of their own.
		for name, other := range map[string]awsapi.AutoScaling{
			"other region":  s.autoScaling("eu-west-1", "111111111111"),
			"other account": s.autoScaling("us-east-1", "222222222222"),
		} {
			if err := <-describe(t.Context(), other); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if _, err := s.elb("us-east-1", "111111111111").DescribeTargetGroups(t.Context(), &elbv2.DescribeTargetGroupsInput{}); err != nil {
			t.Fatalf("ELB describe waited on the Auto Scaling bucket: %v", err)
		}

		s.fake.Advance(time.Second)
		if err := <-second; err != nil {
			t.Fatal(err)
		}
	})
}

func TestWrapperWaitEndsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newLimitedSim(map[awsapi.Bucket]Limit{awsapi.BucketAutoScaling: {Rate: 1, Burst: 1}})
		as := s.autoScaling("us-east-1", "default")
		if err := <-describe(t.Context(), as); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		ch := describe(ctx, as)
		pending(t, ch)
		cancel()
		err := <-ch
		if !errors.Is(err, context.Canceled) || !awsapi.IsClass(err, awsapi.ClassCanceled) {
			t.Fatalf("err = %v, want a canceled error", err)
		}
		if n := s.cloud.Calls()["DescribeAutoScalingGroups"]; n != 1 {
			t.Fatalf("the canceled call reached AWS (%d calls)", n)
		}
	})
}

func TestPrincipalIsTheRoleAccount(t *testing.T) {
	for role, want := range map[string]string{
		"":                                      "default",
		"arn:aws:iam::123456789012:role/deploy": "123456789012",
		"arn:aws:iam::123456789012:role/other":  "123456789012",
		"arn:aws-cn:iam::210987654321:role/a/b/cde": "210987654321",
	} {
		if got := principalOf(role); got != want {
			t.Errorf("principalOf(%q) = %q, want %q", role, got, want)
		}
	}
}
