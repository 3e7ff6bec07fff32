package awssdk

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/smithy-go"
)

// awsapi.Explain lives in awsapi/errors.go; its tests live here, with the
// backend that applies it to every call.

func TestExplainNamesTheIAMActions(t *testing.T) {
	denied := &smithy.GenericAPIError{Code: "AccessDenied", Message: "User: arn:aws:sts::1:assumed-role/x is not authorized"}
	err := awsapi.Explain("CreateAutoScalingGroup", fmt.Errorf("create asg: %w", denied))
	want := "access denied calling CreateAutoScalingGroup: the role needs autoscaling:CreateAutoScalingGroup, autoscaling:CreateOrUpdateTags, ec2:RunInstances, ec2:CreateTags, iam:PassRole: create asg: api error AccessDenied: User: "
	if !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Explain = %q\nwant prefix   %q", err, want)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" || !awsapi.IsClass(err, awsapi.ClassAccessDenied) {
		t.Fatalf("the explained error lost its APIError: %v", err)
	}
	if again := awsapi.Explain("CreateAutoScalingGroup", err); again.Error() != err.Error() {
		t.Fatalf("explaining twice = %q", again)
	}
}

func TestExplainUnauthorizedOperation(t *testing.T) {
	err := awsapi.Explain("DescribeLaunchTemplateVersions", &smithy.GenericAPIError{Code: "UnauthorizedOperation", Message: "no"})
	if !strings.HasPrefix(err.Error(), "access denied calling DescribeLaunchTemplateVersions: the role needs ec2:DescribeLaunchTemplateVersions: ") {
		t.Fatalf("Explain = %q", err)
	}
}

func TestExplainLeavesOtherErrorsAlone(t *testing.T) {
	for _, err := range []error{
		nil,
		&smithy.GenericAPIError{Code: "Throttling", Message: "Rate exceeded"},
		&smithy.GenericAPIError{Code: "ValidationError", Message: "bad"},
		errors.New("connection reset"),
	} {
		if got := awsapi.Explain("ModifyRule", err); got != err {
			t.Errorf("Explain(%v) = %v, want it unchanged", err, got)
		}
	}
}

func TestExplainBlamesAssumeRoleWhenCredentialsWereDenied(t *testing.T) {
	sts := &smithy.OperationError{ServiceID: "STS", OperationName: "AssumeRole",
		Err: &smithy.GenericAPIError{Code: "AccessDenied", Message: "not authorized to perform sts:AssumeRole"}}
	err := &smithy.OperationError{ServiceID: "Auto Scaling", OperationName: "DescribeAutoScalingGroups",
		Err: fmt.Errorf("get identity: get credentials: failed to refresh cached credentials, %w", sts)}
	got := awsapi.Explain("DescribeAutoScalingGroups", err)
	if !strings.HasPrefix(got.Error(), "access denied calling AssumeRole: the role needs sts:AssumeRole: ") {
		t.Fatalf("Explain = %q", got)
	}
}

func TestExplainUnknownOperation(t *testing.T) {
	got := awsapi.Explain("Nope", &smithy.GenericAPIError{Code: "AccessDenied"})
	if !strings.HasPrefix(got.Error(), "access denied calling Nope: ") {
		t.Fatalf("Explain = %q", got)
	}
}
