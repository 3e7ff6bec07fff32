package awssdk

import (
	"log/slog"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// Options configures a Factory. Zero fields take the documented defaults.
type Options struct {
	// Region is used for specs that name none; empty means the region of
	// the standard chain (AWS_REGION, the profile).
	Region string
	// SessionName is the role session name of assumed roles, which shows
	// in CloudTrail; default "asgctl-controller".
	SessionName string
	// MaxAttempts bounds the SDK standard retryer's attempts per call;
	// default AWS_MAX_ATTEMPTS or the profile's max_attempts when set,
	// else 5.
	MaxAttempts int
	// RetryBackoff replaces the standard retryer's exponential backoff
	// with jitter (tests use a zero delay); nil keeps the SDK's.
	RetryBackoff retry.BackoffDelayer
	// Limits are the client-side token buckets; nil means DefaultLimits().
	// A bucket missing from the map is not limited.
	Limits map[awsapi.Bucket]Limit
	// Clock drives the token buckets and the batching window; nil means
	// clock.Real{}.
	Clock clock.Clock
	// Logger receives throttling warnings and the SDK's own messages;
	// nil discards.
	Logger *slog.Logger
	// AttemptTimeout bounds one HTTP attempt of a call (connect, send,
	// answer), so an endpoint that accepts the connection and never
	// answers costs at most MaxAttempts of it; 0 leaves the SDK's default
	// (no bound but the caller's context).
	AttemptTimeout time.Duration
	// OnRetry is told when a call failed and will be tried again (the CLI
	// says so on stderr); nil ignores it. STS calls are tried once: they
	// run inside an API call, whose retries cover them.
	OnRetry func(RetryEvent)
	// BatchWindow is how long concurrent DescribeAutoScalingGroups calls
	// by service tag are gathered into one call; default 50ms.
	BatchWindow time.Duration
	// BatchMaxValues caps the service tag values in one batched call;
	// default 50 (see maxBatchValues).
	BatchMaxValues int
	// CloudWatchOptions are applied to every CloudWatch client. Against
	// moto_server pass motoserver.CloudWatchProtocol: the SDK speaks Smithy
	// RPC v2 CBOR to CloudWatch by default, which moto does not serve.
	CloudWatchOptions []func(*cloudwatch.Options)
	// ConfigOptions are passed to config.LoadDefaultConfig after asgctl's
	// own (tests pass static credentials or a base endpoint).
	ConfigOptions []func(*config.LoadOptions) error
}

const (
	defaultSessionName = "asgctl-controller"
	defaultMaxAttempts = 5
	defaultBatchWindow = 50 * time.Millisecond
	// maxBatchValues: AWS documents no limit on the values of one
	// DescribeAutoScalingGroups filter (it documents 100 for
	// AutoScalingGroupNames and for MaxRecords, and 1,000 values per filter
	// type for DescribeTags). We batch conservatively at 50 values, half
	// the names limit: 1,000 services still cost only 20 calls per window.
	maxBatchValues = 50
)

// withDefaults fills the zero fields that do not depend on the loaded
// configuration.
func (o Options) withDefaults() Options {
	if o.SessionName == "" {
		o.SessionName = defaultSessionName
	}
	if o.Limits == nil {
		o.Limits = DefaultLimits()
	}
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.BatchWindow <= 0 {
		o.BatchWindow = defaultBatchWindow
	}
	if o.BatchMaxValues <= 0 {
		o.BatchMaxValues = maxBatchValues
	}
	return o
}
