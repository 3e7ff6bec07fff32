// Package awserr classifies AWS errors, once, for every part of asgctl
// that calls AWS: the controller's adapters (controller/internal/awsapi
// re-exports it) and the agent's lifecycle completion. It maps the error
// codes of Auto Scaling, EC2, ELBv2, CloudWatch and STS to a few classes
// callers act on. It imports only the standard library and smithy-go.
package awserr

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/smithy-go"
)

// Class is what a caller needs to know about an AWS error.
type Class int

// Error classes, from the caller's point of view.
const (
	ClassNone          Class = iota // no error
	ClassUnknown                    // unclassified: treat as transient
	ClassNotFound                   // the resource does not exist (or not yet visible)
	ClassAlreadyExists              // a create found the name taken
	ClassThrottled                  // request rate exceeded; retry later
	ClassValidation                 // the request is invalid; retrying will not help
	ClassInUse                      // conflict: resource in use or an operation in progress
	ClassAccessDenied               // IAM does not allow the call
	ClassCanceled                   // the caller's context ended
)

var classNames = map[Class]string{
	ClassNone: "none", ClassUnknown: "unknown", ClassNotFound: "not_found",
	ClassAlreadyExists: "already_exists", ClassThrottled: "throttled",
	ClassValidation: "validation", ClassInUse: "in_use",
	ClassAccessDenied: "access_denied", ClassCanceled: "canceled",
}

func (c Class) String() string { return classNames[c] }

// Transient reports whether a retry later may succeed.
func (c Class) Transient() bool {
	return c == ClassUnknown || c == ClassThrottled || c == ClassInUse || c == ClassNotFound
}

// Codes by class. Auto Scaling reports a missing group as a ValidationError
// whose message says "not found"; that case is handled in Classify.
var codeClasses = map[string]Class{
	"Throttling": ClassThrottled, "ThrottlingException": ClassThrottled,
	"RequestLimitExceeded": ClassThrottled, "TooManyRequestsException": ClassThrottled,
	"RequestThrottled": ClassThrottled, "SlowDown": ClassThrottled,
	"AlreadyExists": ClassAlreadyExists, "AlreadyExistsFault": ClassAlreadyExists,
	"DuplicateListener": ClassAlreadyExists,
	"ListenerNotFound":  ClassNotFound, "RuleNotFound": ClassNotFound,
	"TargetGroupNotFound": ClassNotFound, "LoadBalancerNotFound": ClassNotFound,
	"InvalidLaunchTemplateId.NotFound": ClassNotFound, "InvalidLaunchTemplateName.NotFoundException": ClassNotFound,
	"InvalidLaunchTemplateId.VersionNotFound": ClassNotFound, "ResourceNotFound": ClassNotFound,
	"ValidationError": ClassValidation, "InvalidParameterValue": ClassValidation,
	"InvalidParameterCombination": ClassValidation, "InvalidConfigurationRequest": ClassValidation,
	"MissingParameter": ClassValidation, "OperationNotPermitted": ClassValidation,
	"InvalidNextToken": ClassValidation, "InvalidPaginationToken": ClassValidation,
	"ResourceInUse": ClassInUse, "ResourceInUseFault": ClassInUse, "ScalingActivityInProgress": ClassInUse,
	"ScalingActivityInProgressFault": ClassInUse, "ResourceContention": ClassInUse, "ResourceContentionFault": ClassInUse,
	"AccessDenied": ClassAccessDenied, "AccessDeniedException": ClassAccessDenied,
	"UnauthorizedOperation": ClassAccessDenied,
	// Further throttling codes the SDK's standard retryer treats as throttles.
	"ThrottledException": ClassThrottled, "RequestThrottledException": ClassThrottled,
	"EC2ThrottledException": ClassThrottled,
}

// Classify maps an error from any backend to its Class, once, here.
func Classify(err error) Class {
	if err == nil {
		return ClassNone
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return ClassCanceled
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return ClassUnknown
	}
	code := ae.ErrorCode()
	if code == "ValidationError" && strings.Contains(strings.ToLower(ae.ErrorMessage()), "not found") {
		return ClassNotFound
	}
	if c, ok := codeClasses[code]; ok {
		return c
	}
	return ClassUnknown
}
