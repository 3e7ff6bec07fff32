package awsapi

import (
	"errors"
	"fmt"
	"strings"

	"github.com/asgctl/asgctl/internal/awserr"
	"github.com/aws/smithy-go"
)

// Class is what the reconciler needs to know about an AWS error; the
// classification lives in internal/awserr, shared with the agent.
type Class = awserr.Class

// Error classes, from the caller's point of view.
const (
	ClassNone          = awserr.ClassNone
	ClassUnknown       = awserr.ClassUnknown
	ClassNotFound      = awserr.ClassNotFound
	ClassAlreadyExists = awserr.ClassAlreadyExists
	ClassThrottled     = awserr.ClassThrottled
	ClassValidation    = awserr.ClassValidation
	ClassInUse         = awserr.ClassInUse
	ClassAccessDenied  = awserr.ClassAccessDenied
	ClassCanceled      = awserr.ClassCanceled
)

// Classify maps an error from any backend to its Class (awserr.Classify).
func Classify(err error) Class { return awserr.Classify(err) }

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
