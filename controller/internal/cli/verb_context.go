package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
)

// verbOutput is what code below a verb that has no env (the AWS client
// factory, made once per process) needs of it: its logger, and where a
// retry in progress is reported.
type verbOutput struct {
	log    *slog.Logger
	stderr io.Writer
	// timeout is --request-timeout, the longest one AWS attempt may take.
	timeout time.Duration
}

type verbOutputKey struct{}

// withVerbOutput puts the verb's logger, stderr and --request-timeout on
// ctx.
func withVerbOutput(ctx context.Context, log *slog.Logger, stderr io.Writer, timeout time.Duration) context.Context {
	return context.WithValue(ctx, verbOutputKey{}, verbOutput{log: log, stderr: stderr, timeout: timeout})
}

// verbOutputOf returns what withVerbOutput put on ctx; a discarding
// logger and no stderr when nothing was.
func verbOutputOf(ctx context.Context) verbOutput {
	if v, ok := ctx.Value(verbOutputKey{}).(verbOutput); ok {
		return v
	}
	return verbOutput{log: slog.New(slog.DiscardHandler)}
}

// retryReporter writes one line per retried AWS call to w ("waiting for
// AWS (attempt 2 of 5) …"), so a slow answer is never silence. Safe for
// concurrent use.
func retryReporter(w io.Writer) func(awssdk.RetryEvent) {
	if w == nil {
		return nil
	}
	var mu sync.Mutex
	return func(ev awssdk.RetryEvent) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "asgctl: waiting for AWS (attempt %d of %d): %s %s: %s\n",
			ev.Attempt, ev.MaxAttempts, ev.Service, ev.Operation, explainAWS(ev.Err).cause)
	}
}
