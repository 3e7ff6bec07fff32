package motoserver

import (
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Region is the region every Config uses.
const Region = "us-east-1"

// Config returns a real SDK configuration for the server: region
// us-east-1, static test credentials, every service's endpoint at s.URL.
// Nothing is read from the environment or shared config files, so a
// developer's AWS profile can never be used by mistake.
//
// moto's answers are never retried (it is local: a failure is an answer,
// not congestion), but connection errors are, and connections are not
// reused: moto's HTTP server closes idle keep-alive connections, which
// races with a client sending its next request on one.
func (s *Server) Config(tb testing.TB) aws.Config {
	tb.Helper()
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(s.URL),
		HTTPClient: awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
			tr.DisableKeepAlives = true
		}),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 3
				o.Retryables = []retry.IsErrorRetryable{retry.RetryableConnectionError{}}
				o.Backoff = retry.BackoffDelayerFunc(noDelay)
			})
		},
	}
}

func noDelay(int, error) (time.Duration, error) { return 0, nil }
