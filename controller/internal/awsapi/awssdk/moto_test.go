package awssdk

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/integration/motoserver"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// moto is one moto_server for the package's tests, reset for each.
var moto motoserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	moto.Stop()
	os.Exit(code)
}

const deployRole = "arn:aws:iam::123456789012:role/deploy"

func mustFor(t *testing.T, f *Factory, region, role, externalID string) awsapi.Clients {
	t.Helper()
	c, err := f.For(t.Context(), region, role, externalID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustDescribe(t *testing.T, c awsapi.Clients, what string) {
	t.Helper()
	if _, err := c.AutoScaling.DescribeAutoScalingGroups(t.Context(), &autoscaling.DescribeAutoScalingGroupsInput{}); err != nil {
		t.Fatalf("%s: DescribeAutoScalingGroups: %v", what, err)
	}
}

func TestMotoBaseAndAssumedRoleCredentials(t *testing.T) {
	s := moto.Server(t)
	f := newTestFactory(t, s.URL, nil)
	mustDescribe(t, mustFor(t, f, testRegion, "", ""), "base credentials")
	mustDescribe(t, mustFor(t, f, testRegion, deployRole, "ext-1"), "assumed role")
	st := f.Stats()
	if st.Calls["AssumeRole"] != 1 || st.Calls["DescribeAutoScalingGroups"] != 2 {
		t.Fatalf("Stats.Calls = %v, want one AssumeRole and two describes", st.Calls)
	}
}

func TestMotoSameRoleSharesOneCredentialsCache(t *testing.T) {
	s := moto.Server(t)
	f := newTestFactory(t, s.URL, nil)
	east := mustFor(t, f, "us-east-1", deployRole, "ext-1")
	west := mustFor(t, f, "us-west-2", deployRole, "ext-1")
	again := mustFor(t, f, "us-east-1", deployRole, "ext-1")
	if again != east {
		t.Fatal("For did not cache the clients of one (region, role, external ID)")
	}
	mustDescribe(t, east, "us-east-1")
	mustDescribe(t, west, "us-west-2")
	if n := f.Stats().Calls["AssumeRole"]; n != 1 {
		t.Fatalf("AssumeRole calls = %d for one role in two regions, want 1", n)
	}
	mustDescribe(t, mustFor(t, f, "us-east-1", deployRole, "ext-2"), "other external ID")
	if n := f.Stats().Calls["AssumeRole"]; n != 2 {
		t.Fatalf("AssumeRole calls = %d, want a second one for another external ID", n)
	}

	// The assumed identity carries the controller's session name.
	creds := f.creds[credKey{deployRole, "ext-1"}]
	id, err := sts.NewFromConfig(aws.Config{Region: testRegion, Credentials: creds, BaseEndpoint: aws.String(s.URL)}).
		GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if arn := aws.ToString(id.Arn); !strings.HasSuffix(arn, ":assumed-role/deploy/asgctl-controller") {
		t.Fatalf("caller identity %q does not name the session asgctl-controller", arn)
	}
}

func TestMotoEndpointFromTheEnvironment(t *testing.T) {
	s := moto.Server(t)
	t.Setenv("AWS_ENDPOINT_URL", s.URL)
	f := newTestFactory(t, "", nil)
	mustDescribe(t, mustFor(t, f, testRegion, "", ""), "AWS_ENDPOINT_URL")
	mustDescribe(t, mustFor(t, f, testRegion, deployRole, ""), "AWS_ENDPOINT_URL with a role (STS too)")
}

func TestMotoPerServiceEndpointFromTheEnvironment(t *testing.T) {
	s := moto.Server(t)
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1") // nothing listens there
	t.Setenv("AWS_ENDPOINT_URL_AUTO_SCALING", s.URL)
	f := newTestFactory(t, "", nil)
	mustDescribe(t, mustFor(t, f, testRegion, "", ""), "AWS_ENDPOINT_URL_AUTO_SCALING")
}

func TestMotoCloudWatchThroughTheFactory(t *testing.T) {
	s := moto.Server(t)
	f := newTestFactory(t, s.URL, func(o *Options) {
		o.CloudWatchOptions = []func(*cloudwatch.Options){motoserver.CloudWatchProtocol}
	})
	c := mustFor(t, f, testRegion, deployRole, "")
	if _, err := awsapi.AlarmStates(t.Context(), c.CloudWatch, &cloudwatch.DescribeAlarmsInput{}); err != nil {
		t.Fatalf("DescribeAlarms: %v", err)
	}
	_, err := c.CloudWatch.PutMetricAlarm(t.Context(), &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("web-v001-step"), Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
		Statistic: cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(70),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold,
	})
	if err != nil {
		t.Fatalf("PutMetricAlarm: %v", err)
	}
	if got, err := awsapi.DescribeAlarmsByName(t.Context(), c.CloudWatch, []string{"web-v001-step"}); err != nil || len(got) != 1 {
		t.Fatalf("DescribeAlarmsByName = %d alarms, %v; want the one put", len(got), err)
	}
	if _, err := c.CloudWatch.DeleteAlarms(t.Context(), &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"web-v001-step"}}); err != nil {
		t.Fatalf("DeleteAlarms: %v", err)
	}
	if st := f.Stats(); st.Calls["PutMetricAlarm"] != 1 || st.Calls["DeleteAlarms"] != 1 || st.Calls["DescribeAlarms"] != 2 {
		t.Fatalf("Stats.Calls = %v, want one put, one delete and two describes", st.Calls)
	}
}

func TestMotoBatchedDescribeFansOutByService(t *testing.T) {
	s := moto.Server(t)
	services := map[string]int{"web": 3, "api": 2, "jobs": 0}
	f := newTestFactory(t, s.URL, func(o *Options) {
		o.BatchMaxValues = len(services) // flush as soon as all have joined
		o.BatchWindow = time.Minute      // so only a full batch flushes
	})
	c := mustFor(t, f, testRegion, deployRole, "ext-1")
	lt := createMotoLaunchTemplate(t, s)
	for svc, n := range services {
		for i := range n {
			createMotoGroup(t, c, fmt.Sprintf("%s-%d", svc, i), lt, svc)
		}
	}
	createMotoGroup(t, c, "stray", lt, "not-asked")
	before := f.Stats().Calls["DescribeAutoScalingGroups"]

	var mu sync.Mutex
	var wg sync.WaitGroup
	got := map[string][]string{}
	for svc := range services {
		wg.Go(func() {
			groups, err := awsapi.AllGroups(t.Context(), c.AutoScaling, serviceInput(svc))
			if err != nil {
				t.Errorf("%s: %v", svc, err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, g := range groups {
				got[svc] = append(got[svc], aws.ToString(g.AutoScalingGroupName))
			}
		})
	}
	wg.Wait()
	if n := f.Stats().Calls["DescribeAutoScalingGroups"] - before; n != 1 {
		t.Fatalf("describes = %d for %d services, want 1", n, len(services))
	}
	for svc, n := range services {
		sort.Strings(got[svc])
		if len(got[svc]) != n {
			t.Errorf("%s got %v, want %d groups", svc, got[svc], n)
		}
		for _, name := range got[svc] {
			if !strings.HasPrefix(name, svc+"-") {
				t.Errorf("%s got %s", svc, name)
			}
		}
	}
}

func createMotoLaunchTemplate(t *testing.T, s *motoserver.Server) string {
	t.Helper()
	out, err := ec2.NewFromConfig(s.Config(t)).CreateLaunchTemplate(t.Context(), &ec2.CreateLaunchTemplateInput{
		LaunchTemplateName: aws.String("app"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String("ami-12c6146b"), InstanceType: ec2types.InstanceTypeT3Micro},
	})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.LaunchTemplate.LaunchTemplateId)
}

func createMotoGroup(t *testing.T, c awsapi.Clients, name, lt, svc string) {
	t.Helper()
	_, err := c.AutoScaling.CreateAutoScalingGroup(t.Context(), &autoscaling.CreateAutoScalingGroupInput{
		AutoScalingGroupName: aws.String(name),
		LaunchTemplate:       &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(lt), Version: aws.String("$Latest")},
		MinSize:              aws.Int32(0), MaxSize: aws.Int32(1), DesiredCapacity: aws.Int32(0),
		AvailabilityZones: []string{testRegion + "a"},
		Tags:              []astypes.Tag{{Key: aws.String(api.TagService), Value: aws.String(svc)}},
	})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
}
