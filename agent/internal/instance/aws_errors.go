package instance

import (
	"errors"
	"strings"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The agent cannot import controller/internal/awsapi (Go's internal rule),
// so this is the small part of awsapi.Classify it needs, with the same
// codes. Keep the two in step.

// errClass is what CompleteLaunch needs to know about an AWS error.
type errClass int

const (
	classFatal        errClass = iota // anything else: report it
	classRetry                        // throttled, a server fault or no answer: try again
	classNoAction                     // no active lifecycle action: already completed
	classAccessDenied                 // IAM does not allow the call
)

// throttleCodes are the codes Auto Scaling and the SDK use for throttling.
var throttleCodes = map[string]bool{
	"Throttling": true, "ThrottlingException": true, "RequestLimitExceeded": true,
	"TooManyRequestsException": true, "RequestThrottled": true,
	"RequestThrottledException": true, "ThrottledException": true,
}

// deniedCodes are the codes for an IAM denial.
var deniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
}

// noActionMessage starts the ValidationError Auto Scaling returns when the
// instance has no pending action for the hook, e.g. "No active Lifecycle
// Action found with instance ID i-0123456789abcdef0" (or "... with token
// ..." when completed by token).
const noActionMessage = "no active lifecycle action found"

// classify maps an error from CompleteLifecycleAction to its class.
func classify(err error) errClass {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return classifyAPI(ae)
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

// classifyAPI classifies an error AWS answered with.
func classifyAPI(ae smithy.APIError) errClass {
	code := ae.ErrorCode()
	switch {
	case code == "ValidationError" && strings.HasPrefix(strings.ToLower(ae.ErrorMessage()), noActionMessage):
		return classNoAction
	case deniedCodes[code]:
		return classAccessDenied
	case throttleCodes[code] || ae.ErrorFault() == smithy.FaultServer:
		return classRetry
	}
	return classFatal
}
