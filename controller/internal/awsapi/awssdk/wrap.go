package awssdk

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// The wrappers in wrap_*.go put every awsapi call behind its throttling
// bucket's token and make access-denied errors name the IAM actions the
// call needs. Errors keep their smithy.APIError, so awsapi.Classify still
// sees the code.

// call waits for a token of op's bucket, calls f, and explains an
// access-denied error.
func call[Out any](ctx context.Context, g gate, op string, f func() (*Out, error)) (*Out, error) {
	if err := g.wait(ctx, op); err != nil {
		return nil, err
	}
	out, err := f()
	if err != nil {
		return nil, awsapi.Explain(op, err)
	}
	return out, nil
}
