package awsapi

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"
)

// Class is what the reconciler needs to know about an AWS error.
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

// IsClass reports whether err classifies as c.
func IsClass(err error, c Class) bool { return Classify(err) == c }

// Explain names the IAM actions behind an access-denied error: when err
// classifies as ClassAccessDenied it returns err wrapped in a message such as
// "access denied calling CreateAutoScalingGroup: the role needs
// autoscaling:CreateAutoScalingGroup, ...", taken from Operations; any other
// error (and nil) comes back unchanged. When the denial came from the STS
// AssumeRole call behind cross-account credentials, it names sts:AssumeRole
// instead of op's actions. Explaining an explained error is a no-op.
func Explain(op string, err error) error {
	if Classify(err) != ClassAccessDenied {
		return err
	}
	var done *explainedError
	if errors.As(err, &done) {
		return err
	}
	if deniedByAssumeRole(err) {
		op = "AssumeRole"
	}
	msg := "access denied calling " + op
	if o, ok := OperationByName(op); ok {
		msg += ": the role needs " + strings.Join(o.IAM, ", ")
	}
	return &explainedError{msg: msg, err: err}
}

// explainedError is an access-denied error with Explain's message.
type explainedError struct {
	msg string
	err error
}

func (e *explainedError) Error() string { return fmt.Sprintf("%s: %v", e.msg, e.err) }
func (e *explainedError) Unwrap() error { return e.err }

// deniedByAssumeRole reports whether err's chain holds a failed STS
// AssumeRole operation (credentials for a cross-account role).
func deniedByAssumeRole(err error) bool {
	for err != nil {
		if oe, ok := err.(*smithy.OperationError); ok && oe.OperationName == "AssumeRole" {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if deniedByAssumeRole(e) {
					return true
				}
			}
			return false
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return false
		}
	}
	return false
}
