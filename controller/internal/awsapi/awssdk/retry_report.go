package awssdk

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddle "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// RetryEvent says that a call failed and will be tried again: Attempt
// (2 or more) of MaxAttempts comes next.
type RetryEvent struct {
	Service, Operation   string
	Attempt, MaxAttempts int
	Err                  error
}

// retryable reports whether the standard retryer would try err again.
func retryable(err error) bool {
	return retry.IsErrorRetryables(retry.DefaultRetryables).IsErrorRetryable(err) == aws.TrueTernary
}

// reportRetry tells on about attempt's failure when another attempt
// follows. STS calls are left out: they run inside an API call's attempt
// (fetching credentials) and are not retried on their own.
func reportRetry(ctx context.Context, on func(RetryEvent), attempt, maxAttempts int, err error) {
	if on == nil || err == nil || attempt >= maxAttempts || errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return
	}
	svc := awsmiddle.GetServiceID(ctx)
	if svc == "STS" || !retryable(err) {
		return
	}
	on(RetryEvent{Service: svc, Operation: awsmiddle.GetOperationName(ctx), Attempt: attempt + 1, MaxAttempts: maxAttempts, Err: err})
}
