package execute

import (
	"context"
	"strings"
	"testing"
	"time"

	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// hookCloud is a simulated account whose load balancer has an HTTP
// listener on port 80 and an HTTPS one on 8443, each with a rule.
type hookCloud struct {
	cloud               *simaws.Cloud
	http, https         string // listener ARNs
	httpRule, httpsRule string // rule ARNs
	httpBase, httpsBase string // their base URLs
}

func newHookCloud(t *testing.T) *hookCloud {
	t.Helper()
	cloud := simaws.New(simaws.Config{Clock: clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)), Seed: 1})
	tg := cloud.CreateTargetGroup("web-blue")
	h := &hookCloud{cloud: cloud}
	h.http = cloud.CreateListener(map[string]int{tg: 100})
	h.https = cloud.CreateListenerOn(8443, "HTTPS", map[string]int{tg: 100})
	h.httpRule = cloud.CreateRule(h.http, map[string]int{tg: 100})
	h.httpsRule = cloud.CreateRule(h.https, map[string]int{tg: 100})
	dns := cloud.LoadBalancerDNS()
	if !strings.HasSuffix(dns, ".elb.amazonaws.com") {
		t.Fatalf("simulated load balancer DNS name %q", dns)
	}
	h.httpBase, h.httpsBase = "http://"+dns+":80", "https://"+dns+":8443"
	return h
}

// A listener's base URL is its scheme, its load balancer's DNS name and
// its port, and follows the DNS name the sandbox sets.
func TestTestListenerBase(t *testing.T) {
	h := newHookCloud(t)
	for listener, want := range map[string]string{h.http: h.httpBase, h.https: h.httpsBase} {
		got, err := TestListenerBase(context.Background(), h.cloud, listener)
		if err != nil || got != want {
			t.Errorf("base of %s = %q, %v; want %q", listener, got, err, want)
		}
	}
	h.cloud.SetLoadBalancerDNS("127.0.0.1")
	if got, err := TestListenerBase(context.Background(), h.cloud, h.https); err != nil || got != "https://127.0.0.1:8443" {
		t.Errorf("base after the DNS name is set = %q, %v; want https://127.0.0.1:8443", got, err)
	}
}

// A listener that does not exist is a not_found error naming it.
func TestTestListenerBaseOfAMissingListener(t *testing.T) {
	h := newHookCloud(t)
	missing := h.http[:strings.LastIndex(h.http, "/")+1] + "0000000000000000"
	got, err := TestListenerBase(context.Background(), h.cloud, missing)
	if err == nil || awsapi.Classify(err) != awsapi.ClassNotFound || !strings.Contains(err.Error(), missing) {
		t.Fatalf("base of a missing listener = %q, %v; want a not_found error naming it", got, err)
	}
}

// noDNS describes the load balancer without its DNS name.
type noDNS struct{ *simaws.Cloud }

func (n noDNS) DescribeLoadBalancers(ctx context.Context, in *elbv2.DescribeLoadBalancersInput, o ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error) {
	out, err := n.Cloud.DescribeLoadBalancers(ctx, in, o...)
	if err != nil {
		return nil, err
	}
	for i := range out.LoadBalancers {
		out.LoadBalancers[i].DNSName = nil
	}
	return out, nil
}

func TestTestListenerBaseWithoutADNSName(t *testing.T) {
	h := newHookCloud(t)
	got, err := TestListenerBase(context.Background(), noDNS{h.cloud}, h.http)
	if err == nil || !strings.Contains(err.Error(), "no DNS name") {
		t.Fatalf("base without a DNS name = %q, %v; want an error saying so", got, err)
	}
}

// A rule ARN maps to the ARN of its listener; anything else to "".
func TestListenerOfRule(t *testing.T) {
	h := newHookCloud(t)
	for rule, want := range map[string]string{
		h.httpRule: h.http, h.httpsRule: h.https,
		"": "", h.http: "", h.httpRule + "/extra": "",
		strings.Replace(h.http, ":listener/", ":listener-rule/", 1): "", // one id short
	} {
		if got := listenerOfRule(rule); got != want {
			t.Errorf("listenerOfRule(%q) = %q, want %q", rule, got, want)
		}
	}
}

// A hook with a relative URL on a rule resolves against the rule's
// listener; the spec's base URL, when set, wins without a call.
func TestHookBaseOfARule(t *testing.T) {
	h := newHookCloud(t)
	e := &Executor{Clients: h.cloud.Clients()}
	hook := &api.Hook{Name: "smoke", HTTP: &api.HTTPCheck{URL: "/healthz"}}
	for rule, want := range map[string]string{h.httpRule: h.httpBase, h.httpsRule: h.httpsBase} {
		got, err := e.hookBase(context.Background(), reconcile.Action{Kind: reconcile.ActRunHook, Rule: rule, Hook: hook})
		if err != nil || got != want {
			t.Errorf("base of a hook on rule %s = %q, %v; want %q", rule, got, err, want)
		}
	}
	calls := awsapi.TotalCalls(h.cloud.Calls())
	got, err := e.hookBase(context.Background(), reconcile.Action{Kind: reconcile.ActRunHook, Rule: h.httpRule, Hook: hook, BaseURL: "https://staging.example.com"})
	if err != nil || got != "https://staging.example.com" || awsapi.TotalCalls(h.cloud.Calls()) != calls {
		t.Errorf("base with verify.base_url = %q, %v (AWS calls %d -> %d); want it, without a call", got, err, calls, awsapi.TotalCalls(h.cloud.Calls()))
	}
}
