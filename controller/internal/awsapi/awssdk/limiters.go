package awssdk

import (
	"context"
	"fmt"
	"sync"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// limiterKey names one client-side bucket: AWS throttles per account and
// Region, separately for each throttling bucket.
type limiterKey struct {
	bucket    awsapi.Bucket
	region    string
	principal string
}

// limiterSet holds the token buckets of a Factory, made on first use.
type limiterSet struct {
	clock  clock.Clock
	limits map[awsapi.Bucket]Limit

	mu      sync.Mutex
	buckets map[limiterKey]*tokenBucket
}

func newLimiterSet(c clock.Clock, limits map[awsapi.Bucket]Limit) *limiterSet {
	return &limiterSet{clock: c, limits: limits, buckets: map[limiterKey]*tokenBucket{}}
}

// get returns the bucket for k; nil (no limit) when k.bucket has no Limit.
func (s *limiterSet) get(k limiterKey) *tokenBucket {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[k]
	if !ok {
		b = newTokenBucket(s.clock, s.limits[k.bucket])
		s.buckets[k] = b
	}
	return b
}

// gate is where the clients of one (Region, principal) wait for tokens.
type gate struct {
	limiters  *limiterSet
	region    string
	principal string
}

// Wait takes a token from the bucket op draws from.
func (g gate) Wait(ctx context.Context, op string) error {
	o, ok := awsapi.OperationByName(op)
	if !ok {
		return nil
	}
	b := g.limiters.get(limiterKey{bucket: o.Bucket, region: g.region, principal: g.principal})
	if err := b.Wait(ctx); err != nil {
		return fmt.Errorf("%s: wait for the %s rate limit: %w", op, o.Bucket, err)
	}
	return nil
}

// principalOf is the account a role ARN belongs to, so two roles in one
// account share that account's buckets; "default" stands for the base
// credentials, whose account asgctl does not look up.
func principalOf(roleARN string) string {
	if roleARN == "" {
		return "default"
	}
	if a, err := arn.Parse(roleARN); err == nil && a.AccountID != "" {
		return a.AccountID
	}
	return roleARN
}
