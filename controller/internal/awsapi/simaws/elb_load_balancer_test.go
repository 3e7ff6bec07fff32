package simaws

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// wantPanic fails the test unless f panics.
func wantPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", what)
		}
	}()
	f()
}

func (f *fixture) describeLB(in *elbv2.DescribeLoadBalancersInput) elbtypes.LoadBalancer {
	f.t.Helper()
	out, err := f.c.DescribeLoadBalancers(f.ctx, in)
	if err != nil {
		f.t.Fatalf("describe load balancers: %v", err)
	}
	if len(out.LoadBalancers) != 1 {
		f.t.Fatalf("describe load balancers: %d, want the one", len(out.LoadBalancers))
	}
	return out.LoadBalancers[0]
}

// The load balancer is described by ARN, by name or as the only one, with
// an ALB's DNS name until the sandbox sets its own; any other ARN or name
// is LoadBalancerNotFound.
func TestDescribeLoadBalancers(t *testing.T) {
	f := newFixture(t, nil)
	arn := f.c.LoadBalancerARN()
	lb := f.describeLB(&elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{arn}})
	dns := regexp.MustCompile(`^sim-alb-[0-9]+\.us-east-1\.elb\.amazonaws\.com$`)
	if aws.ToString(lb.LoadBalancerArn) != arn || !dns.MatchString(aws.ToString(lb.DNSName)) ||
		lb.Type != elbtypes.LoadBalancerTypeEnumApplication || lb.State.Code != elbtypes.LoadBalancerStateEnumActive {
		t.Fatalf("load balancer %s: arn %s, dns %q, type %s, state %s", arn, aws.ToString(lb.LoadBalancerArn), aws.ToString(lb.DNSName), lb.Type, lb.State.Code)
	}
	if got := f.describeLB(&elbv2.DescribeLoadBalancersInput{Names: []string{aws.ToString(lb.LoadBalancerName)}}); aws.ToString(got.LoadBalancerArn) != arn {
		t.Errorf("by name: %s", aws.ToString(got.LoadBalancerArn))
	}
	if got := f.describeLB(nil); aws.ToString(got.LoadBalancerArn) != arn {
		t.Errorf("all: %s", aws.ToString(got.LoadBalancerArn))
	}
	f.c.SetLoadBalancerDNS("127.0.0.1")
	if got := f.describeLB(&elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{arn}}); aws.ToString(got.DNSName) != "127.0.0.1" {
		t.Errorf("after SetLoadBalancerDNS: %q", aws.ToString(got.DNSName))
	}
	_, err := f.c.DescribeLoadBalancers(f.ctx, &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{arn + "0"}})
	wantCode(t, err, codeLBNotFound)
	_, err = f.c.DescribeLoadBalancers(f.ctx, &elbv2.DescribeLoadBalancersInput{Names: []string{"other"}})
	wantCode(t, err, codeLBNotFound)
	_, err = f.c.DescribeLoadBalancers(f.ctx, &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{arn}, Names: []string{"sim-alb"}})
	wantCode(t, err, codeValidation)
	if got := f.c.Calls()[opDescribeLoadBalancers]; got != 7 {
		t.Errorf("DescribeLoadBalancers calls = %d, want 7", got)
	}
}

func TestSetLoadBalancerDNSRefusesURLs(t *testing.T) {
	f := newFixture(t, nil)
	for _, name := range []string{"", "http://127.0.0.1", "127.0.0.1:8080", "lb.example.com/", "[::1]"} {
		wantPanic(t, "SetLoadBalancerDNS("+name+")", func() { f.c.SetLoadBalancerDNS(name) })
	}
	f.c.SetLoadBalancerDNS("localhost")
	if got := f.c.LoadBalancerDNS(); got != "localhost" {
		t.Errorf("LoadBalancerDNS = %q after refused names and localhost", got)
	}
}

// A listener made on a port with a protocol describes with them and the
// load balancer's ARN; CreateListener keeps numbering from 80 and steps
// over a port taken.
func TestCreateListenerOn(t *testing.T) {
	f := newFixture(t, nil)
	https := f.c.CreateListenerOn(8443, "HTTPS", map[string]int{f.blue: 1})
	taken := f.c.CreateListenerOn(82, "HTTP", map[string]int{f.green: 1})
	next := f.c.CreateListener(map[string]int{f.blue: 1})
	want := map[string]struct {
		port     int32
		protocol elbtypes.ProtocolEnum
	}{
		f.listener: {80, elbtypes.ProtocolEnumHttp}, https: {8443, elbtypes.ProtocolEnumHttps},
		taken: {82, elbtypes.ProtocolEnumHttp}, next: {83, elbtypes.ProtocolEnumHttp},
	}
	out, err := f.c.DescribeListeners(f.ctx, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(f.c.LoadBalancerARN())})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Listeners) != len(want) {
		t.Fatalf("%d listeners, want %d", len(out.Listeners), len(want))
	}
	for _, l := range out.Listeners {
		w := want[aws.ToString(l.ListenerArn)]
		if aws.ToInt32(l.Port) != w.port || l.Protocol != w.protocol || aws.ToString(l.LoadBalancerArn) != f.c.LoadBalancerARN() {
			t.Errorf("listener %s: %s on %d of %s, want %s on %d", aws.ToString(l.ListenerArn), l.Protocol, aws.ToInt32(l.Port), aws.ToString(l.LoadBalancerArn), w.protocol, w.port)
		}
	}
	if w := f.c.Truth().Listeners[https]; w[f.blue] != 1 {
		t.Errorf("HTTPS listener forwards %v", w)
	}
}

func TestCreateListenerOnPanicsOnBadInput(t *testing.T) {
	f := newFixture(t, nil)
	for what, create := range map[string]func(){
		"a taken port":            func() { f.c.CreateListenerOn(80, "HTTP", map[string]int{f.blue: 1}) },
		"port 0":                  func() { f.c.CreateListenerOn(0, "HTTP", map[string]int{f.blue: 1}) },
		"TCP":                     func() { f.c.CreateListenerOn(8080, "TCP", map[string]int{f.blue: 1}) },
		"an unknown target group": func() { f.c.CreateListenerOn(8080, "HTTP", map[string]int{missingTG(f.blue): 1}) },
	} {
		wantPanic(t, "a listener on "+what, create)
	}
	if n := len(f.c.Truth().Listeners); n != 1 {
		t.Errorf("%d listeners after refused creates, want the fixture's 1", n)
	}
}
