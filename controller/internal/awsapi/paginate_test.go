package awsapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
)

func newCloud() *simaws.Cloud {
	return simaws.New(simaws.Config{Clock: clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)), Seed: 1})
}

// More than 100 names are asked for in calls of at most 100 (simaws, like
// CloudWatch, refuses more); names CloudWatch does not know are absent.
func TestDescribeAlarmsByNameChunks(t *testing.T) {
	c := newCloud()
	var names []string
	for i := range 250 {
		name := fmt.Sprintf("alarm-%03d", i)
		names = append(names, name)
		if i%2 == 0 {
			c.CreateAlarm(name)
		}
	}
	got, err := awsapi.DescribeAlarmsByName(t.Context(), c, names)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 125 {
		t.Errorf("found %d alarms, want the 125 that exist", len(got))
	}
	for _, a := range got {
		if n := aws.ToString(a.AlarmName); n[len(n)-1]%2 != 0 {
			t.Errorf("found %s, which does not exist", n)
		}
	}
	if n := c.Calls()["DescribeAlarms"]; n != 3 {
		t.Errorf("%d DescribeAlarms calls for 250 names, want 3", n)
	}
	if got, err := awsapi.DescribeAlarmsByName(t.Context(), c, nil); err != nil || len(got) != 0 {
		t.Errorf("no names: %v, %v; want nothing and no call", got, err)
	}
}

// endless is a backend that always has another page.
type endless struct {
	awsapi.AutoScaling
	calls int
}

func (e *endless) DescribePolicies(context.Context, *autoscaling.DescribePoliciesInput, ...func(*autoscaling.Options)) (*autoscaling.DescribePoliciesOutput, error) {
	e.calls++
	return &autoscaling.DescribePoliciesOutput{ScalingPolicies: []astypes.ScalingPolicy{{}}, NextToken: aws.String("more")}, nil
}

func TestGroupPoliciesIsBounded(t *testing.T) {
	e := &endless{}
	got, err := awsapi.GroupPolicies(t.Context(), e, "web-v001")
	if err == nil || !strings.Contains(err.Error(), "still more after") || got != nil {
		t.Fatalf("GroupPolicies = %d policies, %v; want an error and no partial result", len(got), err)
	}
	if e.calls != 20 {
		t.Errorf("%d calls, want the bound of 20", e.calls)
	}
}

func TestGroupHelpersOnAMissingGroup(t *testing.T) {
	c := newCloud()
	_, err := awsapi.GroupPolicies(t.Context(), c, "no-such-group")
	if !awsapi.IsClass(err, awsapi.ClassNotFound) || !strings.Contains(err.Error(), `group "no-such-group"`) {
		t.Errorf("GroupPolicies: %v; want a not_found error naming the group", err)
	}
	_, err = awsapi.GroupScheduledActions(t.Context(), c, "no-such-group")
	if !awsapi.IsClass(err, awsapi.ClassNotFound) {
		t.Errorf("GroupScheduledActions: %v; want not_found", err)
	}
}
