package awsapi

import (
	"strings"
	"testing"
)

const elbPrefix = "arn:aws:elasticloadbalancing:us-east-1:123456789012:"

func TestTargetGroupDimension(t *testing.T) {
	got, err := TargetGroupDimension(elbPrefix + "targetgroup/web-blue/0123456789abcdef")
	if err != nil || got != "targetgroup/web-blue/0123456789abcdef" {
		t.Fatalf("TargetGroupDimension = %q, %v; want targetgroup/web-blue/0123456789abcdef", got, err)
	}
	for _, bad := range []string{
		"", "targetgroup/web-blue/0123456789abcdef",
		elbPrefix + "loadbalancer/app/web/50dc6c495c0c9188",
		elbPrefix + "targetgroup/web-blue",
		"arn:aws:ec2:us-east-1:123456789012:targetgroup/web-blue/0123456789abcdef",
	} {
		if _, err := TargetGroupDimension(bad); err == nil || !strings.Contains(err.Error(), "not a target group ARN") {
			t.Errorf("TargetGroupDimension(%q): error %v, want one saying it is not a target group ARN", bad, err)
		}
	}
}

func TestLoadBalancerDimension(t *testing.T) {
	for _, arn := range []string{
		elbPrefix + "loadbalancer/app/web/50dc6c495c0c9188",
		elbPrefix + "listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2",
		elbPrefix + "listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
	} {
		if got, err := LoadBalancerDimension(arn); err != nil || got != "app/web/50dc6c495c0c9188" {
			t.Errorf("LoadBalancerDimension(%q) = %q, %v; want app/web/50dc6c495c0c9188", arn, got, err)
		}
	}
	for _, bad := range []string{
		"", elbPrefix + "listener/net/web/50dc6c495c0c9188/f2f7dc8efc522ab2", // a network load balancer's
		elbPrefix + "listener/app/web/50dc6c495c0c9188", // no listener id
		elbPrefix + "targetgroup/web-blue/0123456789abcdef",
	} {
		if _, err := LoadBalancerDimension(bad); err == nil || !strings.Contains(err.Error(), "application load balancer") {
			t.Errorf("LoadBalancerDimension(%q): error %v, want one naming the ARN forms it takes", bad, err)
		}
	}
}
