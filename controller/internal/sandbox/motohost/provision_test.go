package motohost_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/sandbox/motohost"
)

// failingAPI answers every create call with a made-up id, except the
// operation named fail, which fails with errBoom.
type failingAPI struct {
	fail string
	n    int
}

var errBoom = errors.New("boom")

func (f *failingAPI) answer(op string) (string, error) {
	if op == f.fail {
		return "", errBoom
	}
	f.n++
	return fmt.Sprintf("%s-%d", op, f.n), nil
}

func (f *failingAPI) CreateVpc(context.Context, *ec2.CreateVpcInput, ...func(*ec2.Options)) (*ec2.CreateVpcOutput, error) {
	id, err := f.answer("CreateVpc")
	return &ec2.CreateVpcOutput{Vpc: &ec2types.Vpc{VpcId: aws.String(id)}}, err
}

func (f *failingAPI) CreateSubnet(context.Context, *ec2.CreateSubnetInput, ...func(*ec2.Options)) (*ec2.CreateSubnetOutput, error) {
	id, err := f.answer("CreateSubnet")
	return &ec2.CreateSubnetOutput{Subnet: &ec2types.Subnet{SubnetId: aws.String(id)}}, err
}

func (f *failingAPI) CreateLaunchTemplate(context.Context, *ec2.CreateLaunchTemplateInput, ...func(*ec2.Options)) (*ec2.CreateLaunchTemplateOutput, error) {
	id, err := f.answer("CreateLaunchTemplate")
	return &ec2.CreateLaunchTemplateOutput{LaunchTemplate: &ec2types.LaunchTemplate{LaunchTemplateId: aws.String(id)}}, err
}

func (f *failingAPI) CreateLoadBalancer(context.Context, *elbv2.CreateLoadBalancerInput, ...func(*elbv2.Options)) (*elbv2.CreateLoadBalancerOutput, error) {
	id, err := f.answer("CreateLoadBalancer")
	return &elbv2.CreateLoadBalancerOutput{LoadBalancers: []elbtypes.LoadBalancer{{LoadBalancerArn: aws.String(id)}}}, err
}

func (f *failingAPI) CreateTargetGroup(context.Context, *elbv2.CreateTargetGroupInput, ...func(*elbv2.Options)) (*elbv2.CreateTargetGroupOutput, error) {
	id, err := f.answer("CreateTargetGroup")
	return &elbv2.CreateTargetGroupOutput{TargetGroups: []elbtypes.TargetGroup{{TargetGroupArn: aws.String(id)}}}, err
}

func (f *failingAPI) ModifyTargetGroupAttributes(context.Context, *elbv2.ModifyTargetGroupAttributesInput, ...func(*elbv2.Options)) (*elbv2.ModifyTargetGroupAttributesOutput, error) {
	_, err := f.answer("ModifyTargetGroupAttributes")
	return &elbv2.ModifyTargetGroupAttributesOutput{}, err
}

func (f *failingAPI) CreateListener(context.Context, *elbv2.CreateListenerInput, ...func(*elbv2.Options)) (*elbv2.CreateListenerOutput, error) {
	id, err := f.answer("CreateListener")
	return &elbv2.CreateListenerOutput{Listeners: []elbtypes.Listener{{ListenerArn: aws.String(id)}}}, err
}

func TestProvisionNamesTheStepThatFailed(t *testing.T) {
	for op, step := range map[string]string{
		"CreateVpc":                   "create vpc: ",
		"CreateSubnet":                "create subnet in us-east-1a: ",
		"CreateLoadBalancer":          "create load balancer web: ",
		"CreateTargetGroup":           "create target group web-a: ",
		"ModifyTargetGroupAttributes": "set deregistration delay of target group web-a: ",
		"CreateListener":              "create listener of web: ",
		"CreateLaunchTemplate":        "create launch template web: ",
	} {
		api := &failingAPI{fail: op}
		_, err := motohost.Provision(t.Context(), motohost.ProvisionClients{EC2: api, ELBv2: api}, "web", amiV1)
		if !errors.Is(err, errBoom) || !strings.HasPrefix(err.Error(), step) {
			t.Errorf("%s fails: Provision error %v, want it to start %q and wrap %v", op, err, step, errBoom)
		}
	}
}

func TestProvisionReturnsWhatItMade(t *testing.T) {
	api := &failingAPI{}
	res, err := motohost.Provision(t.Context(), motohost.ProvisionClients{EC2: api, ELBv2: api}, "web", amiV1)
	if err != nil {
		t.Fatal(err)
	}
	want := motohost.Resources{
		Subnets:          []string{"CreateSubnet-2", "CreateSubnet-3"},
		LoadBalancerARN:  "CreateLoadBalancer-4",
		TargetGroups:     []string{"CreateTargetGroup-5", "CreateTargetGroup-7"},
		ListenerARN:      "CreateListener-9",
		LaunchTemplateID: "CreateLaunchTemplate-10",
	}
	if fmt.Sprint(res) != fmt.Sprint(want) {
		t.Fatalf("resources = %+v, want %+v", res, want)
	}
}

func TestProvisionRejectsBadArguments(t *testing.T) {
	api := &failingAPI{}
	c := motohost.ProvisionClients{EC2: api, ELBv2: api}
	for _, tc := range []struct{ name, ami string }{
		{"", amiV1},
		{strings.Repeat("x", 31), amiV1},
		{"web", ""},
	} {
		if _, err := motohost.Provision(t.Context(), c, tc.name, tc.ami); err == nil {
			t.Errorf("Provision(%q, %q) succeeded, want an error", tc.name, tc.ami)
		}
	}
	if api.n != 0 {
		t.Fatalf("%d calls made for bad arguments, want none", api.n)
	}
}
