package instance

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestClassify(t *testing.T) {
	validation := func(msg string) error { return awsError(400, "ValidationError", smithy.FaultClient, "%s", msg) }
	cases := []struct {
		name string
		err  error
		want errClass
	}{
		{"no action by instance", validation("No active Lifecycle Action found with instance ID i-0abc"), classNoAction},
		{"no action by token", validation("No active Lifecycle Action found with token 0c9a..."), classNoAction},
		{"no action, wrapped", fmt.Errorf("x: %w", validation("No active Lifecycle Action found with instance ID i-1")), classNoAction},
		{"unknown hook", validation("No Lifecycle Hook with name boot is defined for Auto Scaling group web"), classFatal},
		{"unknown group", validation("AutoScalingGroup name not found - AutoScalingGroup 'web' not found"), classFatal},
		{"throttling", throttled(), classRetry},
		{"request limit", awsError(400, "RequestLimitExceeded", smithy.FaultClient, "slow down"), classRetry},
		{"server fault", serverFault(), classRetry},
		{"unavailable", awsError(503, "ServiceUnavailable", smithy.FaultServer, "try later"), classRetry},
		{"access denied", awsError(403, "AccessDenied", smithy.FaultClient, "no"), classAccessDenied},
		{"unauthorized", awsError(403, "UnauthorizedOperation", smithy.FaultClient, "no"), classAccessDenied},
		{"send failed", &smithyhttp.RequestSendError{Err: errors.New("connection reset")}, classRetry},
		{"canceled", context.Canceled, classFatal},
		{"plain", errors.New("boom"), classFatal},
	}
	for _, c := range cases {
		if got := classify(c.err); got != c.want {
			t.Errorf("%s: classify = %d, want %d", c.name, got, c.want)
		}
	}
}
