package simaws

// Operation names, as AWS spells them; Calls() counts by these.
const (
	opDescribeAutoScalingGroups      = "DescribeAutoScalingGroups"
	opCreateAutoScalingGroup         = "CreateAutoScalingGroup"
	opUpdateAutoScalingGroup         = "UpdateAutoScalingGroup"
	opDeleteAutoScalingGroup         = "DeleteAutoScalingGroup"
	opSuspendProcesses               = "SuspendProcesses"
	opResumeProcesses                = "ResumeProcesses"
	opCompleteLifecycleAction        = "CompleteLifecycleAction"
	opPutScalingPolicy               = "PutScalingPolicy"
	opDescribePolicies               = "DescribePolicies"
	opDeletePolicy                   = "DeletePolicy"
	opPutScheduledAction             = "PutScheduledUpdateGroupAction"
	opDescribeScheduledActions       = "DescribeScheduledActions"
	opDeleteScheduledAction          = "DeleteScheduledAction"
	opCreateLaunchTemplateVersion    = "CreateLaunchTemplateVersion"
	opDescribeLaunchTemplateVersions = "DescribeLaunchTemplateVersions"
	opDescribeListeners              = "DescribeListeners"
	opDescribeLoadBalancers          = "DescribeLoadBalancers"
	opModifyListener                 = "ModifyListener"
	opDescribeRules                  = "DescribeRules"
	opModifyRule                     = "ModifyRule"
	opDescribeTargetHealth           = "DescribeTargetHealth"
	opDescribeTargetGroups           = "DescribeTargetGroups"
	opDescribeAlarms                 = "DescribeAlarms"
	opPutMetricAlarm                 = "PutMetricAlarm"
	opDeleteAlarms                   = "DeleteAlarms"
	opGetMetricData                  = "GetMetricData"
	opPutMetricData                  = "PutMetricData"
)

type service int

const (
	svcAutoScaling service = iota
	svcEC2
	svcELBv2
	svcCloudWatch
)

// opService maps every simulated operation to its service.
var opService = map[string]service{
	opDescribeAutoScalingGroups: svcAutoScaling, opCreateAutoScalingGroup: svcAutoScaling,
	opUpdateAutoScalingGroup: svcAutoScaling, opDeleteAutoScalingGroup: svcAutoScaling,
	opSuspendProcesses: svcAutoScaling, opResumeProcesses: svcAutoScaling,
	opCompleteLifecycleAction: svcAutoScaling, opPutScalingPolicy: svcAutoScaling,
	opDescribePolicies: svcAutoScaling, opDeletePolicy: svcAutoScaling,
	opPutScheduledAction: svcAutoScaling, opDescribeScheduledActions: svcAutoScaling,
	opDeleteScheduledAction:       svcAutoScaling,
	opCreateLaunchTemplateVersion: svcEC2, opDescribeLaunchTemplateVersions: svcEC2,
	opDescribeListeners: svcELBv2, opModifyListener: svcELBv2, opDescribeRules: svcELBv2, opModifyRule: svcELBv2,
	opDescribeTargetHealth: svcELBv2, opDescribeTargetGroups: svcELBv2, opDescribeLoadBalancers: svcELBv2,
	opDescribeAlarms: svcCloudWatch, opPutMetricAlarm: svcCloudWatch, opDeleteAlarms: svcCloudWatch,
	opGetMetricData: svcCloudWatch, opPutMetricData: svcCloudWatch,
}

// staleReadOps are the describes that eventual consistency can make lag.
var staleReadOps = map[string]bool{
	opDescribeAutoScalingGroups: true, opDescribeListeners: true, opDescribeRules: true,
}

// Operations returns the names of every simulated operation, sorted.
func Operations() []string {
	return sortedKeys(opService)
}

// throttleCode is the code each service uses when a request rate is exceeded.
func (s service) throttleCode() string {
	if s == svcEC2 {
		return codeRequestLimit
	}
	return codeThrottling
}
