package awssdk

import "github.com/asgctl/asgctl/controller/internal/awsapi"

// Limit is one client-side token bucket: Rate tokens per second refill a
// bucket of Burst tokens, and every call takes one. A Rate <= 0 disables
// the bucket; a Burst < 1 counts as 1.
type Limit struct {
	Rate  float64
	Burst int
}

// DefaultLimits returns the client-side limits asgctl uses when Options.Limits
// is nil: about half of the budget AWS documents for each throttling bucket,
// so one controller leaves room for everything else in the account (consoles,
// Terraform, other tools). AWS applies its buckets per account and Region;
// ours are kept per bucket, Region and account (or role), to match.
func DefaultLimits() map[awsapi.Bucket]Limit {
	return map[awsapi.Bucket]Limit{
		// ELBv2 Describe*: AWS documents a bucket of 40 tokens refilled at
		// 10 per second ("Request throttling for the Elastic Load Balancing
		// API", ELB user guide). Half: 5/s, burst 20.
		awsapi.BucketELBDescribe: {Rate: 5, Burst: 20},
		// ELBv2 Modify*: the same page gives mutating actions their own,
		// smaller buckets; we could not confirm the numbers, so we choose
		// conservatively. asgctl modifies a listener or rule a few times per
		// rollout step, so 1/s with a burst of 5 never slows a rollout.
		awsapi.BucketELBModify: {Rate: 1, Burst: 5},
		// EC2 non-mutating actions: AWS documents 100 tokens refilled at
		// 20 per second ("Request throttling for the Amazon EC2 API", with
		// DescribeHosts as the example). Half: 10/s, burst 50.
		awsapi.BucketEC2Describe: {Rate: 10, Burst: 50},
		// EC2 mutating actions: their buckets refill far slower than the
		// describe ones; we could not confirm this action's numbers, so we
		// choose conservatively: one launch template version per rollout.
		awsapi.BucketEC2Modify: {Rate: 2, Burst: 10},
		// Auto Scaling: AWS throttles its API per account and Region but
		// documents no numbers. Chosen conservatively; batching
		// DescribeAutoScalingGroups keeps the controller far below it.
		awsapi.BucketAutoScaling: {Rate: 5, Burst: 10},
		// CloudWatch DescribeAlarms: a per-account TPS quota (Service
		// Quotas) whose number we could not confirm here. Chosen
		// conservatively.
		awsapi.BucketCloudWatch: {Rate: 3, Burst: 5},
		// CloudWatch PutMetricAlarm and DeleteAlarms: AWS documents 3
		// transactions per second per Region for each ("CloudWatch service
		// quotas"). Half: 1.5/s, burst 3. The controller writes one alarm
		// per step or simple policy when it creates a group, and deletes
		// them in batches of up to 100 names when the group goes.
		awsapi.BucketCloudWatchPutAlarm:     {Rate: 1.5, Burst: 3},
		awsapi.BucketCloudWatchDeleteAlarms: {Rate: 1.5, Burst: 3},
		// CloudWatch GetMetricData: AWS documents 50 transactions per
		// second per Region (adjustable), besides a datapoints-per-second
		// quota asgctl's one-datapoint queries never approach. Dashboards
		// share it, so half: 25/s, burst 25. A rollout's analysis makes one
		// call per analysis interval (10s at the shortest).
		awsapi.BucketCloudWatchGetMetricData: {Rate: 25, Burst: 25},
		// CloudWatch PutMetricData: only the contract suite and simulation
		// tests put metric data; AWS's quota for it (hundreds per second)
		// is far above this. Chosen conservatively.
		awsapi.BucketCloudWatchPutMetricData: {Rate: 5, Burst: 10},
		// STS AssumeRole: called once per role and credential lifetime
		// (15 minutes); AWS's STS request quota is far higher. Chosen
		// conservatively.
		awsapi.BucketSTS: {Rate: 2, Burst: 5},
	}
}
