package awsapitest

// Keys of known differences from AWS, for Backend.Differs and Skip. Each
// names what the skipped assertion expects of AWS.
const (
	DiffLaunchTemplateVersions  = "launch_template_versions"         // newest first, paged by MaxResults
	DiffDuplicateGroup          = "duplicate_group"                  // a taken group name is AlreadyExists
	DiffGroupValidation         = "group_capacity_validation"        // min <= desired <= max is enforced
	DiffZoneBalance             = "zone_balance"                     // instances spread over the group's zones
	DiffInstanceVersion         = "instance_launch_template_version" // instances show the version they launched from
	DiffDeleteWithInstances     = "delete_with_instances"            // deleting a group with instances needs ForceDelete
	DiffTargetsStayRegistered   = "targets_stay_registered"          // leaving instances are deregistered
	DiffInstantHealth           = "instant_target_health"            // new targets are initial until they pass checks
	DiffSuspendedLaunch         = "suspended_launch"                 // a suspended Launch holds capacity back
	DiffProcessesMissingGroup   = "processes_missing_group"          // Suspend/ResumeProcesses on a missing group is not found
	DiffLifecycleHooks          = "lifecycle_hooks"                  // launch hooks hold instances in Pending:Wait
	DiffCompleteLifecycleAction = "complete_lifecycle_action"        // CompleteLifecycleAction answers like AWS
	DiffForwardValidation       = "forward_validation"               // forward actions name existing target groups, weights 0-999
	DiffDefaultRuleModify       = "default_rule_modify"              // ModifyRule refuses the default rule
	DiffAlarmPages              = "alarm_pages"                      // DescribeAlarms pages by MaxRecords
)
