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
	DiffSourceVersion           = "launch_template_source_version"   // a new version copies its SourceVersion's data

	DiffPolicyPutOutput         = "policy_put_output"          // PutScalingPolicy returns the policy's ARN (and target tracking alarms)
	DiffTrackingAlarms          = "target_tracking_alarms"     // target tracking policies have alarms that invoke them
	DiffScalingNamesPerGroup    = "scaling_names_per_group"    // policy and scheduled action names are scoped to their group
	DiffScalingPages            = "scaling_pages"              // DescribePolicies / DescribeScheduledActions page by MaxRecords
	DiffDeletePolicyNotFound    = "delete_policy_not_found"    // deleting an unknown policy is not found
	DiffScalingMissingGroup     = "scaling_missing_group"      // policies and scheduled actions of a missing group are not found
	DiffScalingValidation       = "scaling_validation"         // invalid policies and scheduled actions are refused
	DiffGroupDeleteKeepsScaling = "group_delete_keeps_scaling" // deleting a group deletes its policies and scheduled actions
	DiffScheduledActionARN      = "scheduled_action_arn"       // scheduled actions have ARNs
	DiffPolicyAlarms            = "policy_alarms"              // DescribePolicies lists the alarms that invoke a policy
	DiffDeletedPolicyActions    = "deleted_policy_actions"     // a deleted policy leaves its alarms' actions
	DiffAlarmInitialState       = "alarm_initial_state"        // a new alarm starts in INSUFFICIENT_DATA
	DiffAlarmValidation         = "alarm_validation"           // invalid metric alarms are refused
	DiffMetricPercentiles       = "metric_percentiles"         // GetMetricData computes pNN percentiles
	DiffMetricNamespace         = "metric_namespace_reserved"  // PutMetricData refuses namespaces under AWS/
)
