package awsapi

import "sort"

// Bucket names an AWS request-rate (throttling) bucket. The real adapter
// puts one client-side token bucket in front of each.
type Bucket string

// Throttling buckets asgctl's calls fall into.
const (
	BucketAutoScaling Bucket = "autoscaling"  // Auto Scaling API, one account-wide bucket
	BucketEC2Describe Bucket = "ec2-describe" // EC2 non-mutating actions
	BucketEC2Modify   Bucket = "ec2-modify"   // EC2 mutating actions
	BucketELBDescribe Bucket = "elb-describe" // ELBv2 Describe* (documented 10 req/s refill, 40 burst)
	BucketELBModify   Bucket = "elb-modify"   // ELBv2 Modify*
	BucketCloudWatch  Bucket = "cloudwatch"   // CloudWatch DescribeAlarms
	BucketSTS         Bucket = "sts"          // credentials for cross-account roles

	// CloudWatch gives each alarm-writing action, and each metric data
	// action, its own per-Region quota.
	BucketCloudWatchPutAlarm      Bucket = "cloudwatch-put-alarm"       // PutMetricAlarm
	BucketCloudWatchDeleteAlarms  Bucket = "cloudwatch-delete-alarms"   // DeleteAlarms
	BucketCloudWatchGetMetricData Bucket = "cloudwatch-get-metric-data" // GetMetricData
	BucketCloudWatchPutMetricData Bucket = "cloudwatch-put-metric-data" // PutMetricData
)

// Operation is one AWS API operation asgctl calls: who calls it, the IAM
// actions it needs, and the throttling bucket it draws from.
type Operation struct {
	Name    string // API operation name, as in the SDK and in simaws call counters
	Service string // SDK service: autoscaling, ec2, elasticloadbalancingv2, cloudwatch, sts
	// Caller is "controller", "agent" or "tests": an operation only the
	// contract suite and simulation tests call, which no policy grants.
	Caller string
	IAM    []string // IAM actions the caller's role needs for it
	Bucket Bucket
}

// Operations lists every AWS operation in the awsapi interfaces (plus the
// STS call behind cross-account roles), sorted by name. Policies, docs and
// the rate limiter are derived from it; a test keeps it equal to the
// interfaces.
var Operations = sortedOps([]Operation{
	{"DescribeAutoScalingGroups", "autoscaling", "controller", []string{"autoscaling:DescribeAutoScalingGroups"}, BucketAutoScaling},
	// Launching from a launch template also needs RunInstances on it, and
	// CreateTags for the tags propagated at launch.
	{"CreateAutoScalingGroup", "autoscaling", "controller", []string{"autoscaling:CreateAutoScalingGroup", "autoscaling:CreateOrUpdateTags", "ec2:RunInstances", "ec2:CreateTags", "iam:PassRole"}, BucketAutoScaling},
	{"UpdateAutoScalingGroup", "autoscaling", "controller", []string{"autoscaling:UpdateAutoScalingGroup", "ec2:RunInstances"}, BucketAutoScaling},
	{"DeleteAutoScalingGroup", "autoscaling", "controller", []string{"autoscaling:DeleteAutoScalingGroup"}, BucketAutoScaling},
	{"SuspendProcesses", "autoscaling", "controller", []string{"autoscaling:SuspendProcesses"}, BucketAutoScaling},
	{"ResumeProcesses", "autoscaling", "controller", []string{"autoscaling:ResumeProcesses"}, BucketAutoScaling},
	{"CompleteLifecycleAction", "autoscaling", "agent", []string{"autoscaling:CompleteLifecycleAction"}, BucketAutoScaling},
	// Auto Scaling's service-linked role, not the caller, creates and
	// deletes the alarms of target tracking policies.
	{"PutScalingPolicy", "autoscaling", "controller", []string{"autoscaling:PutScalingPolicy"}, BucketAutoScaling},
	{"DescribePolicies", "autoscaling", "controller", []string{"autoscaling:DescribePolicies"}, BucketAutoScaling},
	{"DeletePolicy", "autoscaling", "controller", []string{"autoscaling:DeletePolicy"}, BucketAutoScaling},
	{"PutScheduledUpdateGroupAction", "autoscaling", "controller", []string{"autoscaling:PutScheduledUpdateGroupAction"}, BucketAutoScaling},
	{"DescribeScheduledActions", "autoscaling", "controller", []string{"autoscaling:DescribeScheduledActions"}, BucketAutoScaling},
	{"DeleteScheduledAction", "autoscaling", "controller", []string{"autoscaling:DeleteScheduledAction"}, BucketAutoScaling},
	{"CreateLaunchTemplateVersion", "ec2", "controller", []string{"ec2:CreateLaunchTemplateVersion"}, BucketEC2Modify},
	{"DescribeLaunchTemplateVersions", "ec2", "controller", []string{"ec2:DescribeLaunchTemplateVersions"}, BucketEC2Describe},
	{"DescribeListeners", "elasticloadbalancingv2", "controller", []string{"elasticloadbalancing:DescribeListeners"}, BucketELBDescribe},
	// A verify hook's relative URLs resolve against the test listener's
	// load balancer: its DNS name.
	{"DescribeLoadBalancers", "elasticloadbalancingv2", "controller", []string{"elasticloadbalancing:DescribeLoadBalancers"}, BucketELBDescribe},
	{"ModifyListener", "elasticloadbalancingv2", "controller", []string{"elasticloadbalancing:ModifyListener"}, BucketELBModify},
	{"DescribeRules", "elasticloadbalancingv2", "controller", []string{"elasticloadbalancing:DescribeRules"}, BucketELBDescribe},
	{"ModifyRule", "elasticloadbalancingv2", "controller", []string{"elasticloadbalancing:ModifyRule"}, BucketELBModify},
	{"DescribeTargetHealth", "elasticloadbalancingv2", "controller", []string{"elasticloadbalancing:DescribeTargetHealth"}, BucketELBDescribe},
	{"DescribeTargetGroups", "elasticloadbalancingv2", "controller", []string{"elasticloadbalancing:DescribeTargetGroups"}, BucketELBDescribe},
	{"DescribeAlarms", "cloudwatch", "controller", []string{"cloudwatch:DescribeAlarms"}, BucketCloudWatch},
	// The alarms of step and simple policies; without tags, so no
	// cloudwatch:TagResource.
	{"PutMetricAlarm", "cloudwatch", "controller", []string{"cloudwatch:PutMetricAlarm"}, BucketCloudWatchPutAlarm},
	{"DeleteAlarms", "cloudwatch", "controller", []string{"cloudwatch:DeleteAlarms"}, BucketCloudWatchDeleteAlarms},
	// A rollout's analysis reads its target groups' load balancer metrics.
	{"GetMetricData", "cloudwatch", "controller", []string{"cloudwatch:GetMetricData"}, BucketCloudWatchGetMetricData},
	// Tests put the datapoints the contract suite reads back; the
	// controller never puts, and no policy lets it.
	{"PutMetricData", "cloudwatch", "tests", []string{"cloudwatch:PutMetricData"}, BucketCloudWatchPutMetricData},
	{"AssumeRole", "sts", "controller", []string{"sts:AssumeRole"}, BucketSTS},
})

func sortedOps(ops []Operation) []Operation {
	sort.Slice(ops, func(i, j int) bool { return ops[i].Name < ops[j].Name })
	return ops
}

// OperationByName finds an operation in the table.
func OperationByName(name string) (Operation, bool) {
	for _, op := range Operations {
		if op.Name == name {
			return op, true
		}
	}
	return Operation{}, false
}

// TotalCalls adds up call counts by operation name (simaws's Calls,
// awssdk's Stats.Calls).
func TotalCalls(byOp map[string]int) int {
	n := 0
	for _, c := range byOp {
		n += c
	}
	return n
}
