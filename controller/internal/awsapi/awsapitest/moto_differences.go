package awsapitest

// motoDifferences are moto_server's (moto 5) known differences from AWS
// that the suite observes: key -> what moto does, and what AWS does.
var motoDifferences = map[string]string{
	DiffLaunchTemplateVersions: "DescribeLaunchTemplateVersions lists versions oldest first and, with MaxResults, " +
		"returns the first page without a NextToken; AWS lists newest first and pages",
	DiffDuplicateGroup: "CreateAutoScalingGroup with a taken name replaces the group; AWS answers AlreadyExists",
	DiffGroupValidation: "Create/UpdateAutoScalingGroup accept MinSize > MaxSize and DesiredCapacity outside " +
		"[MinSize, MaxSize]; AWS answers ValidationError",
	DiffZoneBalance: "a group launches every instance into its first subnet, one zone; AWS spreads them over the group's zones",
	DiffInstanceVersion: "a group's instances show the launch template's default version; AWS shows the version " +
		"each instance was launched from",
	DiffDeleteWithInstances: "DeleteAutoScalingGroup without ForceDelete deletes a group that has instances; AWS answers ResourceInUse",
	DiffTargetsStayRegistered: "instances that leave a group (scale-in, delete) stay registered and healthy in its " +
		"target groups; AWS deregisters them, draining, and removes them",
	DiffInstantHealth: "runs no health checks: a registered target is healthy at once; AWS shows it initial until it passes them",
	DiffSuspendedLaunch: "records suspended processes but still launches while Launch is suspended; AWS holds " +
		"capacity back until Launch is resumed",
	DiffProcessesMissingGroup: "Suspend/ResumeProcesses on a missing group fail with HTTP 500 and a body the SDK " +
		"cannot parse; AWS answers ValidationError \"not found\"",
	DiffLifecycleHooks: "ignores LifecycleHookSpecificationList: new instances go InService at once; AWS holds " +
		"them in Pending:Wait until CompleteLifecycleAction or the heartbeat timeout",
	DiffCompleteLifecycleAction: "does not implement CompleteLifecycleAction: HTTP 500 and a body the SDK cannot " +
		"parse; AWS completes the action, or answers ValidationError when none is pending",
	DiffForwardValidation: "ModifyListener accepts forward actions to target groups that do not exist and weights " +
		"over 999 (and keeps them); AWS answers TargetGroupNotFound / ValidationError",
	DiffDefaultRuleModify: "ModifyRule changes a listener's default rule; AWS answers OperationNotPermitted (ModifyListener changes it)",
	DiffAlarmPages:        "DescribeAlarms ignores MaxRecords: every alarm in one page, no NextToken; AWS pages",
	DiffSourceVersion: "CreateLaunchTemplateVersion ignores SourceVersion: the new version holds only the data in the request; " +
		"AWS copies the source version's data (instance type, user data, ...) and overrides what the request gives",
	DiffPolicyPutOutput: "PutScalingPolicy answers without the PolicyARN (it sends PolicyArn, which the SDK does not read) " +
		"and without alarms; AWS returns the ARN and, for target tracking, the alarms it created",
	DiffTrackingAlarms: "creates no CloudWatch alarms for target tracking policies; AWS creates a high and a low alarm " +
		"that invoke the policy, and DescribePolicies lists them",
	DiffScalingNamesPerGroup: "keeps scaling policies and scheduled actions by name across the account: a put for one group " +
		"replaces another group's policy or action of that name, and DeletePolicy ignores the group; AWS scopes names to their group",
	DiffScalingPages:         "DescribePolicies and DescribeScheduledActions ignore MaxRecords: everything in one page, no NextToken; AWS pages",
	DiffDeletePolicyNotFound: "DeletePolicy of an unknown policy succeeds; AWS answers ValidationError \"not found\"",
	DiffScalingMissingGroup: "PutScalingPolicy and PutScheduledUpdateGroupAction accept a group that does not exist, DescribePolicies " +
		"and DescribeScheduledActions of one answer empty, and DeletePolicy of one succeeds; AWS answers ValidationError \"not found\"",
	DiffScalingValidation: "PutScalingPolicy and PutScheduledUpdateGroupAction store invalid definitions (parameters of another " +
		"policy type, gaps between steps, a resource label of an unattached target group, no size, an unknown time zone or " +
		"cron syntax, a start in the past); AWS answers ValidationError",
	DiffGroupDeleteKeepsScaling: "DeleteAutoScalingGroup leaves the group's scaling policies and scheduled actions behind; AWS deletes them",
	DiffScheduledActionARN:      "DescribeScheduledActions shows no ScheduledActionARN; AWS shows each action's ARN",
	DiffPolicyAlarms:            "DescribePolicies lists no alarms for a policy that alarms invoke; AWS lists them",
	DiffDeletedPolicyActions: "deleting a step or simple policy (or its group) leaves the policy's ARN in its alarms' actions; " +
		"AWS takes the action out and keeps the alarm",
	DiffAlarmInitialState: "PutMetricAlarm creates an alarm in state OK; AWS starts it in INSUFFICIENT_DATA",
	DiffAlarmValidation: "PutMetricAlarm stores invalid alarms (no threshold, a period that is not 10, 20, 30 or a multiple " +
		"of 60 seconds, more than five actions); AWS answers ValidationError",
	DiffMetricPercentiles: "GetMetricData computes no percentiles: a pNN.NN Stat fails with HTTP 500 and a body the SDK " +
		"cannot parse; AWS returns the percentile of the period's values",
	DiffMetricNamespace: "PutMetricData stores data in namespaces that begin with AWS/; AWS keeps those for its own " +
		"metrics and answers InvalidParameterValue",
}
