package awserr_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/asgctl/asgctl/internal/awserr"
	"github.com/aws/smithy-go"
)

func TestClassify(t *testing.T) {
	api := func(code, msg string) error {
		return fmt.Errorf("call: %w", &smithy.GenericAPIError{Code: code, Message: msg})
	}
	for _, c := range []struct {
		err  error
		want awserr.Class
	}{
		{nil, awserr.ClassNone},
		{context.Canceled, awserr.ClassCanceled},
		{errors.New("connection reset"), awserr.ClassUnknown},
		{api("Throttling", "Rate exceeded"), awserr.ClassThrottled},
		{api("AccessDenied", "not authorized"), awserr.ClassAccessDenied},
		{api("ValidationError", "AutoScalingGroup name not found - AutoScalingGroup web-v009 not found"), awserr.ClassNotFound},
		{api("ValidationError", "bad value"), awserr.ClassValidation},
		{api("ResourceInUse", "in use"), awserr.ClassInUse},
		{api("AlreadyExists", "taken"), awserr.ClassAlreadyExists},
		{api("SomethingNew", "?"), awserr.ClassUnknown},
	} {
		if got := awserr.Classify(c.err); got != c.want {
			t.Errorf("Classify(%v) = %s, want %s", c.err, got, c.want)
		}
	}
	if !awserr.ClassThrottled.Transient() || awserr.ClassAccessDenied.Transient() {
		t.Error("throttled must be transient and access denied not")
	}
}
