package awssdk

import (
	"context"
	"log/slog"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
)

// instrument adds the attempt counter around the SDK's retry middleware of
// every client: attemptScope once per call, before "Retry", and
// attemptObserver once per attempt, after it.
// A failed attempt that will be retried is reported to onRetry.
func instrument(stats *statsRecorder, log *slog.Logger, maxAttempts int, onRetry func(RetryEvent)) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		if err := st.Finalize.Insert(attemptScope{}, "Retry", middleware.Before); err != nil {
			return err
		}
		return st.Finalize.Insert(attemptObserver{stats: stats, log: log, maxAttempts: maxAttempts, onRetry: onRetry}, "Retry", middleware.After)
	}
}

type attemptKey struct{}

// attemptScope gives each call a fresh attempt counter.
type attemptScope struct{}

func (attemptScope) ID() string { return "asgctl.AttemptScope" }

func (attemptScope) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	return next.HandleFinalize(middleware.WithStackValue(ctx, attemptKey{}, new(int)), in)
}

// attemptObserver counts every attempt in Stats().Calls and every throttled
// one in Stats().Throttles, logging the latter at warn.
type attemptObserver struct {
	stats       *statsRecorder
	log         *slog.Logger
	maxAttempts int
	onRetry     func(RetryEvent)
}

func (attemptObserver) ID() string { return "asgctl.AttemptObserver" }

func (m attemptObserver) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	attempt := 1
	if n, ok := middleware.GetStackValue(ctx, attemptKey{}).(*int); ok {
		*n++
		attempt = *n
	}
	out, md, err := next.HandleFinalize(ctx, in)
	op := middleware.GetOperationName(ctx)
	throttled := isThrottle(err)
	m.stats.record(op, throttled)
	if throttled {
		o, _ := awsapi.OperationByName(op)
		m.log.WarnContext(ctx, "aws request throttled",
			"operation", op, "bucket", string(o.Bucket), "attempt", attempt, "error", err)
	}
	reportRetry(ctx, m.onRetry, attempt, m.maxAttempts, err)
	return out, md, err
}

// isThrottle reports a throttling error as asgctl classifies it or as the
// SDK's standard retryer does.
func isThrottle(err error) bool {
	if err == nil {
		return false
	}
	return awsapi.IsClass(err, awsapi.ClassThrottled) ||
		retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) == aws.TrueTernary
}

// limitCalls makes every call of a client wait for a token of g first. The
// STS client uses it; the awsapi clients wait in their wrappers.
func limitCalls(g gate) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		return st.Initialize.Add(callLimiter{g}, middleware.Before)
	}
}

type callLimiter struct{ g gate }

func (callLimiter) ID() string { return "asgctl.CallLimiter" }

func (m callLimiter) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	if err := m.g.Wait(ctx, middleware.GetOperationName(ctx)); err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleInitialize(ctx, in)
}
