package execute

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// HookRunner runs one verify hook; every outcome is a result
// (controller/internal/verify.Runner is the real one).
type HookRunner interface {
	Run(ctx context.Context, stage string, h api.Hook, base string, p api.HookPayload) api.HookResult
}

// runHook runs the hook of a and records its result at api.KeyChecks. A
// run cut short by the pass's context (the controller stopping) records
// nothing: the next controller runs the hook again. A hook is thus run at
// least once per rollout and stage, and more often only when a controller
// stopped or died before recording it; webhooks get an Idempotency-Key to
// tell.
func (e *Executor) runHook(ctx context.Context, a reconcile.Action) error {
	if a.Rollout == nil || a.Hook == nil {
		return errors.New("run_hook without a rollout or a hook")
	}
	if e.Hooks == nil {
		return errors.New("run_hook: this executor has no hook runner")
	}
	base, err := e.hookBase(ctx, a)
	if err != nil {
		return fmt.Errorf("hook %s: %w", a.Hook.Name, err)
	}
	r := a.Rollout
	res := e.Hooks.Run(ctx, a.Stage, *a.Hook, base, api.HookPayload{
		Service: e.Service, Rollout: r.ID, Stage: a.Stage, Hook: a.Hook.Name, AMI: r.AMI,
		FromGroup: r.FromGroup, ToGroup: r.ToGroup, TargetGroup: r.ToTargetGroup, Step: r.Step,
	})
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("hook %s interrupted: %w", a.Hook.Name, err)
	}
	if err := e.Store.AddCheck(ctx, e.Service, r.ID, res); err != nil {
		return fmt.Errorf("hook %s: %w", a.Hook.Name, err)
	}
	return nil
}

// hookBase is what the hook's relative URLs resolve against: the spec's
// verify.base_url, else the test listener's "<scheme>://<dns>:<port>".
// Hooks with only absolute URLs need neither.
func (e *Executor) hookBase(ctx context.Context, a reconcile.Action) (string, error) {
	if a.BaseURL != "" || !hasRelativeURL(*a.Hook) {
		return a.BaseURL, nil
	}
	listener := a.Listener
	if listener == "" {
		listener = listenerOfRule(a.Rule)
	}
	if listener == "" {
		return "", errors.New("a relative URL and no test listener or verify.base_url")
	}
	return TestListenerBase(ctx, e.Clients.ELBv2, listener)
}

func hasRelativeURL(h api.Hook) bool {
	return h.HTTP != nil && strings.HasPrefix(h.HTTP.URL, "/")
}

// listenerOfRule is the listener ARN a listener rule ARN belongs to
// (".../listener-rule/app/<lb>/<id>/<listener id>/<rule id>"), "" when
// rule is not one.
func listenerOfRule(rule string) string {
	head, tail, ok := strings.Cut(rule, ":listener-rule/")
	if !ok {
		return ""
	}
	parts := strings.Split(tail, "/")
	if len(parts) != 5 {
		return ""
	}
	return head + ":listener/" + strings.Join(parts[:4], "/")
}

// TestListenerBase describes a listener and its load balancer and returns
// the base URL of the listener: https for HTTPS listeners, http otherwise.
func TestListenerBase(ctx context.Context, elb awsapi.ELBv2, listener string) (string, error) {
	ls, err := elb.DescribeListeners(ctx, &elbv2.DescribeListenersInput{ListenerArns: []string{listener}})
	if err != nil {
		return "", fmt.Errorf("describe test listener %s: %w", listener, err)
	}
	if len(ls.Listeners) == 0 {
		return "", fmt.Errorf("describe test listener %s: not returned", listener)
	}
	l := ls.Listeners[0]
	lbs, err := elb.DescribeLoadBalancers(ctx, &elbv2.DescribeLoadBalancersInput{LoadBalancerArns: []string{aws.ToString(l.LoadBalancerArn)}})
	if err != nil {
		return "", fmt.Errorf("describe the test listener's load balancer: %w", err)
	}
	if len(lbs.LoadBalancers) == 0 || aws.ToString(lbs.LoadBalancers[0].DNSName) == "" {
		return "", fmt.Errorf("the test listener's load balancer %s has no DNS name", aws.ToString(l.LoadBalancerArn))
	}
	scheme := "http"
	if l.Protocol == "HTTPS" {
		scheme = "https"
	}
	return fmt.Sprintf("%s://%s:%d", scheme, aws.ToString(lbs.LoadBalancers[0].DNSName), aws.ToInt32(l.Port)), nil
}
