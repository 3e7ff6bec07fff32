package awsapitest

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// dnsName is the shape of a load balancer's DNS name: a host, without
// scheme, port or path.
var dnsName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)

// testListenerBase: what the base URL of a test listener is made of, the
// "<scheme>://<DNS name>:<port>" a verify hook's relative URLs resolve
// against. A listener describes with its port, protocol and load balancer;
// the load balancer describes by ARN with its DNS name. A load balancer
// that does not exist is not_found.
func testListenerBase(t *testing.T, s *suite) {
	blue := s.b.TargetGroup(t, "web-blue")
	lb := s.b.LoadBalancer(t)
	dns := s.loadBalancerDNS(t, lb)
	for _, c := range []struct {
		port     int32
		protocol elbtypes.ProtocolEnum
	}{{8080, elbtypes.ProtocolEnumHttp}, {8443, elbtypes.ProtocolEnumHttps}} {
		l := s.listener(t, s.b.ListenerOn(t, c.port, string(c.protocol), map[string]int{blue: 1}))
		if aws.ToInt32(l.Port) != c.port || l.Protocol != c.protocol || aws.ToString(l.LoadBalancerArn) != lb {
			t.Errorf("listener made %s on %d of %s describes as %s on %d of %s",
				c.protocol, c.port, lb, l.Protocol, aws.ToInt32(l.Port), aws.ToString(l.LoadBalancerArn))
		}
		base := fmt.Sprintf("%s://%s:%d", strings.ToLower(string(l.Protocol)), dns, aws.ToInt32(l.Port))
		if u, err := url.Parse(base); err != nil || u.Hostname() != dns || u.Port() != fmt.Sprint(c.port) {
			t.Errorf("base URL %q does not parse back to host %s and port %d (%v)", base, dns, c.port, err)
		}
	}
	_, err := s.c.ELBv2.DescribeLoadBalancers(t.Context(), &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{missingARN(lb)}})
	wantClass(t, err, awsapi.ClassNotFound, "describe a missing load balancer")
}

// loadBalancerDNS describes the load balancer by ARN and returns its DNS
// name, failing the test unless it is the one application load balancer
// asked for with a DNS name.
func (s *suite) loadBalancerDNS(t *testing.T, arn string) string {
	t.Helper()
	out, err := s.c.ELBv2.DescribeLoadBalancers(t.Context(), &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{arn}})
	noErr(t, err, "describe load balancer")
	if len(out.LoadBalancers) != 1 {
		t.Fatalf("describe load balancer %s: %d load balancers", arn, len(out.LoadBalancers))
	}
	lb := out.LoadBalancers[0]
	dns := aws.ToString(lb.DNSName)
	if aws.ToString(lb.LoadBalancerArn) != arn || lb.Type != elbtypes.LoadBalancerTypeEnumApplication || !dnsName.MatchString(dns) {
		t.Fatalf("describe load balancer %s: %s of type %q with DNS name %q, want it, an application load balancer with a host name",
			arn, aws.ToString(lb.LoadBalancerArn), lb.Type, dns)
	}
	return dns
}
