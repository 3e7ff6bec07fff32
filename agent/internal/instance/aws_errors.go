package instance

import (
	"errors"
	"strings"

	"github.com/asgctl/asgctl/internal/awserr"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// errClass is what CompleteLaunch needs to know about an AWS error.
type errClass int

const (
	classFatal        errClass = iota // anything else: report it
	classRetry                        // throttled, a server fault or no answer: try again
	classNoAction                     // no active lifecycle action: already completed
	classAccessDenied                 // IAM does not allow the call
)

// noActionMessage starts the ValidationError Auto Scaling returns when the
// instance has no pending action for the hook, e.g. "No active Lifecycle
// Action found with instance ID i-0123456789abcdef0" (or "... with token
// ..." when completed by token).
const noActionMessage = "no active lifecycle action found"

// classify maps an error from CompleteLifecycleAction to its class, on
// top of the shared awserr classification.
func classify(err error) errClass {
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" &&
		strings.HasPrefix(strings.ToLower(ae.ErrorMessage()), noActionMessage) {
		return classNoAction
	}
	switch awserr.Classify(err) {
	case awserr.ClassAccessDenied:
		return classAccessDenied
	case awserr.ClassThrottled:
		return classRetry
	}
	if errors.As(err, &ae) && ae.ErrorFault() == smithy.FaultServer {
		return classRetry
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() >= 500 {
		return classRetry
	}
	var se *smithyhttp.RequestSendError
	if errors.As(err, &se) {
		return classRetry
	}
	return classFatal
}
