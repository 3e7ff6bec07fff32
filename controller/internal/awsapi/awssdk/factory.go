package awssdk

import (
	"context"
	"fmt"
	"sync"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/internal/awslog"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// Factory makes the awsapi clients of every service a controller serves,
// one set per (Region, role, external ID), sharing credentials caches,
// token buckets and counters.
type Factory struct {
	base     aws.Config
	opts     Options
	stats    *statsRecorder
	limiters *limiterSet

	mu      sync.Mutex
	clients map[clientKey]awsapi.Clients
	creds   map[credKey]aws.CredentialsProvider
}

type clientKey struct{ region, roleARN, externalID string }

// New loads the base configuration from the SDK's standard chain (plus
// o.ConfigOptions) and returns a Factory. It makes no AWS call.
func New(ctx context.Context, o Options) (*Factory, error) {
	o = o.withDefaults()
	cfg, err := config.LoadDefaultConfig(ctx, o.ConfigOptions...)
	if err != nil {
		return nil, fmt.Errorf("load aws config: %w", err)
	}
	f := &Factory{
		opts: o, stats: newStatsRecorder(), limiters: newLimiterSet(o.Clock, o.Limits),
		clients: map[clientKey]awsapi.Clients{}, creds: map[credKey]aws.CredentialsProvider{},
	}
	maxAttempts := o.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = cfg.RetryMaxAttempts // AWS_MAX_ATTEMPTS or max_attempts
	}
	if maxAttempts <= 0 {
		maxAttempts = defaultMaxAttempts
	}
	cfg.RetryMaxAttempts = 0 // ours is final: do not let the client wrap it
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = maxAttempts
			if o.RetryBackoff != nil {
				so.Backoff = o.RetryBackoff
			}
		})
	}
	cfg.APIOptions = append(cfg.APIOptions, instrument(f.stats, o.Logger, maxAttempts, o.OnRetry))
	cfg.Logger = awslog.New(o.Logger)
	if o.AttemptTimeout > 0 {
		cfg.HTTPClient = awshttp.NewBuildableClient().WithTimeout(o.AttemptTimeout)
	}
	f.base = cfg
	return f, nil
}

// For returns the clients for one service's account and Region: assumed-role
// credentials when roleARN is set (externalID optional), cached per (Region,
// roleARN, externalID). An empty region means Options.Region, then the
// standard chain's. Safe for concurrent use; it makes no AWS call.
func (f *Factory) For(ctx context.Context, region, roleARN, externalID string) (awsapi.Clients, error) {
	if region == "" {
		region = f.opts.Region
	}
	if region == "" {
		region = f.base.Region
	}
	if region == "" {
		return awsapi.Clients{}, fmt.Errorf("aws clients for role %q: no region: set the service's region, Options.Region or AWS_REGION", roleARN)
	}
	if roleARN != "" {
		if _, err := arn.Parse(roleARN); err != nil {
			return awsapi.Clients{}, fmt.Errorf("aws clients for role %q: %w", roleARN, err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k := clientKey{region, roleARN, externalID}
	if c, ok := f.clients[k]; ok {
		return c, nil
	}
	c := f.buildLocked(region, roleARN, externalID)
	f.clients[k] = c
	return c, nil
}

// buildLocked makes one set of clients. The caller holds f.mu.
func (f *Factory) buildLocked(region, roleARN, externalID string) awsapi.Clients {
	cfg := f.base.Copy()
	cfg.Region = region
	if roleARN != "" {
		cfg.Credentials = f.roleCredentialsLocked(region, roleARN, externalID)
	}
	g := gate{limiters: f.limiters, region: region, principal: principalOf(roleARN)}
	as := &limitedAutoScaling{c: autoscaling.NewFromConfig(cfg), g: g}
	return awsapi.Clients{
		AutoScaling: newBatchedAutoScaling(as, f.opts.Clock, f.opts.BatchWindow, f.opts.BatchMaxValues),
		EC2:         &limitedEC2{c: ec2.NewFromConfig(cfg), g: g},
		ELBv2:       &limitedELBv2{c: elbv2.NewFromConfig(cfg), g: g},
		CloudWatch:  &limitedCloudWatch{c: cloudwatch.NewFromConfig(cfg, f.opts.CloudWatchOptions...), g: g},
	}
}

// Stats returns the call and throttle counters, by operation name.
func (f *Factory) Stats() Stats { return f.stats.snapshot() }
