package awssdk

import (
	"context"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// limitedCloudWatch puts the CloudWatch calls behind the rate limiter (see wrap.go).
type limitedCloudWatch struct {
	c awsapi.CloudWatch
	g Gate
}

var _ awsapi.CloudWatch = (*limitedCloudWatch)(nil)

// DescribeAlarms calls DescribeAlarms after taking a token.
func (w *limitedCloudWatch) DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	return call(ctx, w.g, "DescribeAlarms", func() (*cloudwatch.DescribeAlarmsOutput, error) { return w.c.DescribeAlarms(ctx, in, optFns...) })
}

// PutMetricAlarm calls PutMetricAlarm after taking a token.
func (w *limitedCloudWatch) PutMetricAlarm(ctx context.Context, in *cloudwatch.PutMetricAlarmInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricAlarmOutput, error) {
	return call(ctx, w.g, "PutMetricAlarm", func() (*cloudwatch.PutMetricAlarmOutput, error) { return w.c.PutMetricAlarm(ctx, in, optFns...) })
}

// DeleteAlarms calls DeleteAlarms after taking a token.
func (w *limitedCloudWatch) DeleteAlarms(ctx context.Context, in *cloudwatch.DeleteAlarmsInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.DeleteAlarmsOutput, error) {
	return call(ctx, w.g, "DeleteAlarms", func() (*cloudwatch.DeleteAlarmsOutput, error) { return w.c.DeleteAlarms(ctx, in, optFns...) })
}

// GetMetricData calls GetMetricData after taking a token.
func (w *limitedCloudWatch) GetMetricData(ctx context.Context, in *cloudwatch.GetMetricDataInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error) {
	return call(ctx, w.g, "GetMetricData", func() (*cloudwatch.GetMetricDataOutput, error) { return w.c.GetMetricData(ctx, in, optFns...) })
}

// PutMetricData calls PutMetricData after taking a token.
func (w *limitedCloudWatch) PutMetricData(ctx context.Context, in *cloudwatch.PutMetricDataInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricDataOutput, error) {
	return call(ctx, w.g, "PutMetricData", func() (*cloudwatch.PutMetricDataOutput, error) { return w.c.PutMetricData(ctx, in, optFns...) })
}
