package motohost

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// targetView is what the overlay knows of one target moto lists.
type targetView struct {
	hosted bool       // the instance runs in the sandbox
	check  checkState // its checks so far (zero when never checked)
}

// rewrite turns moto's target health answer into the one the ALB would
// give, target by target:
//
//   - moto says anything but healthy (draining, unused, ...): moto's answer;
//   - moto says healthy and the instance is hosted: the checks' state
//     (initial until the first verdict);
//   - moto says healthy but the instance is not hosted (it left its group;
//     moto keeps it registered): left out, as AWS does once draining ends,
//     or, when the caller named the targets (explicit), unused /
//     Target.NotRegistered, as AWS answers for a target it does not have.
func rewrite(descs []elbtypes.TargetHealthDescription, explicit bool, view func(id string) targetView) []elbtypes.TargetHealthDescription {
	out := make([]elbtypes.TargetHealthDescription, 0, len(descs))
	for _, d := range descs {
		if !motoHealthy(d) {
			out = append(out, d)
			continue
		}
		v := view(targetID(d))
		switch {
		case v.hosted:
			d.TargetHealth = checkedHealth(v.check.state)
		case explicit:
			d.TargetHealth = health(elbtypes.TargetHealthStateEnumUnused, elbtypes.TargetHealthReasonEnumNotRegistered)
		default:
			continue
		}
		out = append(out, d)
	}
	return out
}

// checkedHealth is the TargetHealth the ALB shows for a checked target.
func checkedHealth(s elbtypes.TargetHealthStateEnum) *elbtypes.TargetHealth {
	switch s {
	case elbtypes.TargetHealthStateEnumHealthy:
		return &elbtypes.TargetHealth{State: s}
	case elbtypes.TargetHealthStateEnumUnhealthy:
		return health(s, elbtypes.TargetHealthReasonEnumFailedHealthChecks)
	}
	return health(elbtypes.TargetHealthStateEnumInitial, elbtypes.TargetHealthReasonEnumInitialHealthChecking)
}

// reasonText is the ALB's description of each reason the overlay gives.
var reasonText = map[elbtypes.TargetHealthReasonEnum]string{
	elbtypes.TargetHealthReasonEnumInitialHealthChecking: "Initial health checks in progress",
	elbtypes.TargetHealthReasonEnumFailedHealthChecks:    "Health checks failed",
	elbtypes.TargetHealthReasonEnumNotRegistered:         "Target is not registered to the target group",
}

func health(s elbtypes.TargetHealthStateEnum, r elbtypes.TargetHealthReasonEnum) *elbtypes.TargetHealth {
	return &elbtypes.TargetHealth{State: s, Reason: r, Description: aws.String(reasonText[r])}
}
