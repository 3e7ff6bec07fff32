package awssdk

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// The wrappers in wrap_*.go put every awsapi call behind a Gate (in the
// adapter: its throttling bucket's token) and make access-denied errors name the IAM actions the
// call needs. Errors keep their smithy.APIError, so awsapi.Classify still
// sees the code.

// Gate is what every wrapped call passes first: the adapter's rate limiter
// (one token of op's throttling bucket), or a benchmark's meter.
type Gate interface {
	Wait(ctx context.Context, op string) error
}

// GateFunc is a function used as a Gate.
type GateFunc func(ctx context.Context, op string) error

// Wait calls f.
func (f GateFunc) Wait(ctx context.Context, op string) error { return f(ctx, op) }

// Gated puts every call of c behind g, with access-denied errors naming
// the IAM actions the call needs.
func Gated(c awsapi.Clients, g Gate) awsapi.Clients {
	return awsapi.Clients{
		AutoScaling: &limitedAutoScaling{c: c.AutoScaling, g: g},
		EC2:         &limitedEC2{c: c.EC2, g: g},
		ELBv2:       &limitedELBv2{c: c.ELBv2, g: g},
		CloudWatch:  &limitedCloudWatch{c: c.CloudWatch, g: g},
	}
}

// call waits at g, calls f, and explains an access-denied error.
func call[Out any](ctx context.Context, g Gate, op string, f func() (*Out, error)) (*Out, error) {
	if err := g.Wait(ctx, op); err != nil {
		return nil, err
	}
	out, err := f()
	if err != nil {
		return nil, awsapi.Explain(op, err)
	}
	return out, nil
}
