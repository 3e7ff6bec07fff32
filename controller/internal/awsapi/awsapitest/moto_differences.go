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
}
