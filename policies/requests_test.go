package policies_test

// The authorization model: for each IAM action the code needs, the
// requests AWS authorizes when asgctl (or the agent) acts on its own
// resources. An action in the operations table with no entry here fails
// TestEveryOperationIsAllowed, so a new operation cannot pass unmodelled.
//
// scoped names the context key that ties the request to asgctl (the
// asgctl:service tag, the launch template, the create action, the service
// a role is passed to); TestPoliciesAreScoped checks that the same request
// without it is refused.

const (
	tagService   = "asgctl:service"
	resourceTag  = "aws:ResourceTag/" + tagService
	requestTag   = "aws:RequestTag/" + tagService
	account      = "123456789012"
	region       = "us-east-1"
	groupARN     = "arn:aws:autoscaling:" + region + ":" + account + ":autoScalingGroup:6d2f8a2e-8b8f-4c3e-9a57-2f0c1c1e9b10:autoScalingGroupName/web-v007"
	templateARN  = "arn:aws:ec2:" + region + ":" + account + ":launch-template/lt-0abc1234def567890"
	listenerARN  = "arn:aws:elasticloadbalancing:" + region + ":" + account + ":listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
	ruleARN      = "arn:aws:elasticloadbalancing:" + region + ":" + account + ":listener-rule/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
	artifactARN  = "arn:aws:s3:::artifacts/releases/web/web-2024.06.01-1.tar.gz"
	alarmARN     = "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:web-v007-cpu-high"
	instanceRole = "arn:aws:iam::" + account + ":role/asgctl-instance-web"
	deployRole   = "arn:aws:iam::210987654321:role/asgctl-deploy"
)

type modelled struct {
	request
	scoped string // context key whose absence must make AWS refuse the request
}

func tagged(resource, key string) modelled {
	return modelled{request{resource, map[string]string{key: "web"}}, key}
}

func unscoped(resource string) modelled { return modelled{request: request{Resource: resource}} }

func ec2ARN(kind, id string) string {
	return "arn:aws:ec2:" + region + ":" + account + ":" + kind + "/" + id
}

// launchResources are the resources RunInstances authorizes besides the
// launch template when Auto Scaling validates a group's launch template.
var launchResources = []string{
	"arn:aws:ec2:" + region + "::image/ami-0123456789abcdef0",
	ec2ARN("instance", "*"),
	ec2ARN("key-pair", "web"),
	ec2ARN("network-interface", "*"),
	ec2ARN("security-group", "sg-0123456789abcdef0"),
	ec2ARN("subnet", "subnet-0123456789abcdef0"),
	ec2ARN("volume", "*"),
}

// taggedAtLaunch are the resources RunInstances can tag (TagSpecifications).
var taggedAtLaunch = []string{ec2ARN("instance", "*"), ec2ARN("network-interface", "*"), ec2ARN("volume", "*")}

var requests = map[string][]modelled{
	// Describe and list actions support no resource-level permissions.
	"autoscaling:DescribeAutoScalingGroups":      {unscoped("*")},
	"autoscaling:DescribePolicies":               {unscoped("*")},
	"autoscaling:DescribeScheduledActions":       {unscoped("*")},
	"cloudwatch:DescribeAlarms":                  {unscoped("*")},
	"cloudwatch:GetMetricData":                   {unscoped("*")},
	"ec2:DescribeLaunchTemplateVersions":         {unscoped("*")},
	"elasticloadbalancing:DescribeListeners":     {unscoped("*")},
	"elasticloadbalancing:DescribeLoadBalancers": {unscoped("*")},
	"elasticloadbalancing:DescribeRules":         {unscoped("*")},
	"elasticloadbalancing:DescribeTargetGroups":  {unscoped("*")},
	"elasticloadbalancing:DescribeTargetHealth":  {unscoped("*")},

	"autoscaling:CreateAutoScalingGroup":  {tagged(groupARN, requestTag)},
	"autoscaling:CreateOrUpdateTags":      {tagged(groupARN, requestTag)},
	"autoscaling:UpdateAutoScalingGroup":  {tagged(groupARN, resourceTag)},
	"autoscaling:DeleteAutoScalingGroup":  {tagged(groupARN, resourceTag)},
	"autoscaling:SuspendProcesses":        {tagged(groupARN, resourceTag)},
	"autoscaling:ResumeProcesses":         {tagged(groupARN, resourceTag)},
	"autoscaling:CompleteLifecycleAction": {tagged(groupARN, resourceTag)},

	"autoscaling:PutScalingPolicy":              {tagged(groupARN, resourceTag)},
	"autoscaling:DeletePolicy":                  {tagged(groupARN, resourceTag)},
	"autoscaling:PutScheduledUpdateGroupAction": {tagged(groupARN, resourceTag)},
	"autoscaling:DeleteScheduledAction":         {tagged(groupARN, resourceTag)},

	// The controller makes alarms without tags (tagging at creation needs
	// cloudwatch:TagResource), so its alarm writes are scoped by name.
	"cloudwatch:PutMetricAlarm": {unscoped(alarmARN)},
	"cloudwatch:DeleteAlarms":   {unscoped(alarmARN)},

	"ec2:CreateLaunchTemplateVersion": {tagged(templateARN, resourceTag)},
	"ec2:RunInstances":                runInstances(),
	"ec2:CreateTags":                  createTags(),
	"iam:PassRole":                    {{request{instanceRole, map[string]string{"iam:PassedToService": "ec2.amazonaws.com"}}, "iam:PassedToService"}},

	"elasticloadbalancing:ModifyListener": {tagged(listenerARN, resourceTag)},
	"elasticloadbalancing:ModifyRule":     {tagged(ruleARN, resourceTag)},

	"sts:AssumeRole": {unscoped(deployRole)},
	"s3:GetObject":   {unscoped(artifactARN)},
	"s3:PutObject":   {unscoped(artifactARN)},
}

func runInstances() []modelled {
	out := []modelled{tagged(templateARN, resourceTag)}
	for _, r := range launchResources {
		out = append(out, modelled{request{r, map[string]string{"ec2:LaunchTemplate": templateARN}}, "ec2:LaunchTemplate"})
	}
	return out
}

func createTags() []modelled {
	var out []modelled
	for _, r := range taggedAtLaunch {
		out = append(out, modelled{request{r, map[string]string{"ec2:CreateAction": "RunInstances"}}, "ec2:CreateAction"})
	}
	return out
}

// refused are requests outside asgctl's reach that each policy must refuse
// even with every tag present: the scoping by name and ARN, not only tags.
var refused = []struct {
	policy, action, why string
	request
}{
	{controllerPolicy, "iam:PassRole", "the deploy role may pass only agent instance roles",
		request{"arn:aws:iam::" + account + ":role/asgctl-controller", map[string]string{"iam:PassedToService": "ec2.amazonaws.com"}}},
	{controllerPolicy, "iam:PassRole", "the deploy role must not pass itself",
		request{"arn:aws:iam::" + account + ":role/asgctl-deploy", map[string]string{"iam:PassedToService": "ec2.amazonaws.com"}}},
	{controllerPolicy, "iam:PassRole", "instance roles go to EC2 only",
		request{instanceRole, map[string]string{"iam:PassedToService": "lambda.amazonaws.com"}}},
	{controllerPolicy, "ec2:CreateTags", "tags only at launch",
		request{ec2ARN("instance", "i-0123456789abcdef0"), map[string]string{"ec2:CreateAction": "CreateTags"}}},
	{controllerPolicy, "autoscaling:UpdateAutoScalingGroup", "only <svc>-vNNN groups",
		request{"arn:aws:autoscaling:" + region + ":" + account + ":autoScalingGroup:x:autoScalingGroupName/eks-nodes", map[string]string{resourceTag: "web"}}},
	{controllerPolicy, "autoscaling:PutScalingPolicy", "only <svc>-vNNN groups",
		request{"arn:aws:autoscaling:" + region + ":" + account + ":autoScalingGroup:x:autoScalingGroupName/eks-nodes", map[string]string{resourceTag: "web"}}},
	{controllerPolicy, "cloudwatch:PutMetricAlarm", "only alarms of asgctl's groups (<svc>-vNNN-<policy>)",
		request{"arn:aws:cloudwatch:" + region + ":" + account + ":alarm:billing-total", nil}},
	{controllerPolicy, "cloudwatch:DeleteAlarms", "only alarms of asgctl's groups (<svc>-vNNN-<policy>)",
		request{"arn:aws:cloudwatch:" + region + ":" + account + ":alarm:billing-total", nil}},
	{controllerPolicy, "elasticloadbalancing:ModifyListener", "application load balancers only",
		request{"arn:aws:elasticloadbalancing:" + region + ":" + account + ":listener/net/web/50dc6c495c0c9188/f2f7dc8efc522ab2", map[string]string{resourceTag: "web"}}},
	{agentPolicy, "autoscaling:CompleteLifecycleAction", "an agent completes actions of its own service only",
		request{"arn:aws:autoscaling:" + region + ":" + account + ":autoScalingGroup:x:autoScalingGroupName/api-v003", map[string]string{resourceTag: "api"}}},
	{agentPolicy, "s3:GetObject", "artifacts under the prefix only",
		request{"arn:aws:s3:::artifacts/secrets/db.env", nil}},
	{ciPolicy, "s3:PutObject", "artifacts under the prefix only",
		request{"arn:aws:s3:::artifacts/other/web.tar.gz", nil}},
	{assumePolicy, "sts:AssumeRole", "deploy roles only",
		request{"arn:aws:iam::210987654321:role/OrganizationAccountAccessRole", nil}},
}
