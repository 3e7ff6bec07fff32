package awsapitest

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// The metric data calls of the recorder's clients (see recorder.go).

func (c recCloudWatch) GetMetricData(ctx context.Context, in *cloudwatch.GetMetricDataInput, o ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error) {
	c.r.note("GetMetricData")
	return c.next.GetMetricData(ctx, in, o...)
}

func (c recCloudWatch) PutMetricData(ctx context.Context, in *cloudwatch.PutMetricDataInput, o ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricDataOutput, error) {
	c.r.note("PutMetricData")
	return c.next.PutMetricData(ctx, in, o...)
}
