package instance

import (
	"context"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
)

// Metadata is the part of *imds.Client the agent uses: IMDSv2 reads.
type Metadata interface {
	GetMetadata(ctx context.Context, in *imds.GetMetadataInput, optFns ...func(*imds.Options)) (*imds.GetMetadataOutput, error)
	GetRegion(ctx context.Context, in *imds.GetRegionInput, optFns ...func(*imds.Options)) (*imds.GetRegionOutput, error)
}

var (
	_ Metadata = (*imds.Client)(nil)
	_ Metadata = (*Client)(nil)
)

// Bounds for IMDS calls: a box without IMDS must fail within a few seconds.
// The SDK's default HTTP client already dials with a 250 ms timeout and
// waits 500 ms for response headers, and each operation has a 5 s ceiling.
const (
	imdsAttempts   = 2
	imdsMaxBackoff = 200 * time.Millisecond
)

// endpointEnv is the variable the SDK reads when no endpoint is given.
const endpointEnv = "AWS_EC2_METADATA_SERVICE_ENDPOINT"

// defaultEndpoint is the SDK's default (IPv4) IMDS endpoint.
const defaultEndpoint = "http://169.254.169.254"

// Client is an IMDSv2-only *imds.Client that remembers its endpoint, so
// errors can say which IMDS did not answer.
type Client struct {
	*imds.Client
	endpoint string
}

// Endpoint returns the IMDS endpoint the client talks to.
func (c *Client) Endpoint() string { return c.endpoint }

// NewMetadata returns an IMDSv2 client for endpoint ("" means the SDK
// default, which honours AWS_EC2_METADATA_SERVICE_ENDPOINT). It never falls
// back to IMDSv1, and it retries a failed call only once, after at most
// 200 ms, so a box without IMDS fails in about a second.
func NewMetadata(endpoint string) *Client {
	c := imds.New(imds.Options{
		Endpoint:       endpoint,
		EnableFallback: aws.FalseTernary,
		// The SDK would otherwise replace the backoff with a flat 1 s.
		DisableDefaultMaxBackoff: true,
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = imdsAttempts
			o.MaxBackoff = imdsMaxBackoff
			o.RateLimiter = ratelimit.None
		}),
	})
	return &Client{Client: c, endpoint: shownEndpoint(endpoint)}
}

// shownEndpoint is the endpoint the SDK will use, for messages.
func shownEndpoint(endpoint string) string {
	if endpoint != "" {
		return endpoint
	}
	if v := os.Getenv(endpointEnv); v != "" {
		return v
	}
	return defaultEndpoint
}

// endpointOf names md's endpoint in messages.
func endpointOf(md Metadata) string {
	if e, ok := md.(interface{ Endpoint() string }); ok {
		return e.Endpoint()
	}
	return "the default endpoint"
}
