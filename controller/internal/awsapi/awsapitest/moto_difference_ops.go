package awsapitest

import "sort"

// motoDifferenceOps says which operations each moto difference concerns.
var motoDifferenceOps = map[string][]string{
	DiffLaunchTemplateVersions:  {"DescribeLaunchTemplateVersions"},
	DiffDuplicateGroup:          {"CreateAutoScalingGroup"},
	DiffGroupValidation:         {"CreateAutoScalingGroup", "UpdateAutoScalingGroup"},
	DiffZoneBalance:             {"CreateAutoScalingGroup"},
	DiffInstanceVersion:         {"DescribeAutoScalingGroups"},
	DiffDeleteWithInstances:     {"DeleteAutoScalingGroup"},
	DiffTargetsStayRegistered:   {"DeleteAutoScalingGroup", "UpdateAutoScalingGroup", "DescribeTargetHealth"},
	DiffInstantHealth:           {"DescribeTargetHealth"},
	DiffSuspendedLaunch:         {"SuspendProcesses"},
	DiffProcessesMissingGroup:   {"SuspendProcesses", "ResumeProcesses"},
	DiffLifecycleHooks:          {"CreateAutoScalingGroup"},
	DiffCompleteLifecycleAction: {"CompleteLifecycleAction"},
	DiffForwardValidation:       {"ModifyListener"},
	DiffDefaultRuleModify:       {"ModifyRule"},
	DiffAlarmPages:              {"DescribeAlarms"},
	DiffSourceVersion:           {"CreateLaunchTemplateVersion"},
	DiffPolicyPutOutput:         {"PutScalingPolicy"},
	DiffTrackingAlarms:          {"PutScalingPolicy", "DescribePolicies"},
	DiffScalingNamesPerGroup:    {"PutScalingPolicy", "DeletePolicy", "PutScheduledUpdateGroupAction"},
	DiffScalingPages:            {"DescribePolicies", "DescribeScheduledActions"},
	DiffDeletePolicyNotFound:    {"DeletePolicy"},
	DiffScalingMissingGroup:     {"PutScalingPolicy", "DescribePolicies", "DeletePolicy", "PutScheduledUpdateGroupAction", "DescribeScheduledActions"},
	DiffScalingValidation:       {"PutScalingPolicy", "PutScheduledUpdateGroupAction"},
	DiffGroupDeleteKeepsScaling: {"DeleteAutoScalingGroup"},
	DiffScheduledActionARN:      {"DescribeScheduledActions"},
	DiffPolicyAlarms:            {"DescribePolicies"},
	DiffDeletedPolicyActions:    {"DeletePolicy", "DeleteAutoScalingGroup"},
	DiffAlarmInitialState:       {"PutMetricAlarm"},
	DiffAlarmValidation:         {"PutMetricAlarm"},
	DiffMetricPercentiles:       {"GetMetricData"},
	DiffMetricNamespace:         {"PutMetricData"},
}

const cloudWatchProtocol = "moto 5.2 does not serve the RPC v2 CBOR protocol the SDK's CloudWatch client speaks; " +
	"clients pointed at moto switch to awsQuery (motoserver.CloudWatchProtocol, awssdk.Options.CloudWatchOptions)"

// motoWorkarounds are differences the suite works around instead of
// skipping, by operation.
var motoWorkarounds = map[string][]string{
	"DescribeAlarms": {cloudWatchProtocol},
	"PutMetricAlarm": {cloudWatchProtocol},
	"DeleteAlarms":   {cloudWatchProtocol},
	"GetMetricData":  {cloudWatchProtocol},
	"PutMetricData":  {cloudWatchProtocol},
}

// MotoDifferencesByOperation lists, per operation name, how moto_server
// differs from AWS ("key: what moto does; what AWS does"), sorted.
func MotoDifferencesByOperation() map[string][]string {
	out := map[string][]string{}
	for key, ops := range motoDifferenceOps {
		for _, op := range ops {
			out[op] = append(out[op], "`"+key+"`: "+motoDifferences[key])
		}
	}
	for op, notes := range motoWorkarounds {
		out[op] = append(out[op], notes...)
	}
	for _, notes := range out {
		sort.Strings(notes)
	}
	return out
}
