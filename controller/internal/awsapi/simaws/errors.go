package simaws

import (
	"fmt"

	"github.com/aws/smithy-go"
)

// Error codes as AWS returns them.
const (
	codeValidation        = "ValidationError"
	codeAlreadyExists     = "AlreadyExists"
	codeResourceInUse     = "ResourceInUse"
	codeScalingInProgress = "ScalingActivityInProgress"
	codeInvalidNextToken  = "InvalidNextToken"
	codeThrottling        = "Throttling"
	codeRequestLimit      = "RequestLimitExceeded"
	codeInternalFailure   = "InternalFailure"
	codeUnavailable       = "ServiceUnavailable"

	codeLTNotFound         = "InvalidLaunchTemplateId.NotFound"
	codeLTNameNotFound     = "InvalidLaunchTemplateName.NotFoundException"
	codeLTVersionNotFound  = "InvalidLaunchTemplateId.VersionNotFound"
	codeMissingParameter   = "MissingParameter"
	codeInvalidParameter   = "InvalidParameterValue"
	codeParamCombination   = "InvalidParameterCombination"
	codeInvalidPagination  = "InvalidPaginationToken"
	codeListenerNotFound   = "ListenerNotFound"
	codeRuleNotFound       = "RuleNotFound"
	codeTGNotFound         = "TargetGroupNotFound"
	codeLBNotFound         = "LoadBalancerNotFound"
	codeOperationForbidden = "OperationNotPermitted"
)

// serverCodes are the codes AWS reports as the service's fault.
var serverCodes = map[string]bool{
	codeInternalFailure: true, codeUnavailable: true, "InternalError": true,
	"Unavailable": true, "InternalServiceError": true, "InternalFailureException": true,
}

// apiError returns the error AWS would: a smithy API error with the code,
// the message and whose fault it is.
func apiError(code, format string, args ...any) error {
	fault := smithy.FaultClient
	if serverCodes[code] {
		fault = smithy.FaultServer
	}
	return &smithy.GenericAPIError{Code: code, Message: fmt.Sprintf(format, args...), Fault: fault}
}

func validationError(format string, args ...any) error {
	return apiError(codeValidation, format, args...)
}

// groupNotFound is how Auto Scaling reports a missing group: a
// ValidationError whose message says "not found".
func groupNotFound(name string) error {
	return validationError("AutoScalingGroup name not found - AutoScalingGroup '%s' not found", name)
}
