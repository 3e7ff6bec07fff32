package awssdk

import (
	"context"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// serviceFilter is the one filter of the calls batchedAutoScaling gathers:
// the shape controller/internal/observe uses to list one service's groups.
const serviceFilter = "tag:" + api.TagService

// batchedAutoScaling gathers concurrent DescribeAutoScalingGroups calls that
// each ask for one service's groups (a single filter tag:asgctl:service with
// one value, no names, no next token) into one call per window carrying
// every service's value, reads all its pages, and hands each caller its
// service's groups in one page. Every other call passes straight through.
// One batcher serves one (Region, role) set of clients.
type batchedAutoScaling struct {
	awsapi.AutoScaling // inner: the rate-limited client

	clock     clock.Clock
	window    time.Duration
	maxValues int

	mu   sync.Mutex
	open *batch // gathering callers; nil when none
}

var _ awsapi.AutoScaling = (*batchedAutoScaling)(nil)

func newBatchedAutoScaling(inner awsapi.AutoScaling, c clock.Clock, window time.Duration, maxValues int) *batchedAutoScaling {
	return &batchedAutoScaling{AutoScaling: inner, clock: c, window: window, maxValues: maxValues}
}

// DescribeAutoScalingGroups batches calls of the service-filter shape.
func (b *batchedAutoScaling) DescribeAutoScalingGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	value, ok := batchable(in, optFns)
	if !ok {
		return b.AutoScaling.DescribeAutoScalingGroups(ctx, in, optFns...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bt := b.join(ctx, value)
	select {
	case <-bt.done:
		return bt.result(value)
	case <-ctx.Done():
		bt.leave()
		return nil, ctx.Err()
	}
}

// batchable returns the service a call asks for when it has exactly the
// shape batching serves.
func batchable(in *autoscaling.DescribeAutoScalingGroupsInput, optFns []func(*autoscaling.Options)) (string, bool) {
	if in == nil || len(optFns) > 0 || len(in.AutoScalingGroupNames) > 0 || in.NextToken != nil ||
		in.IncludeInstances != nil || len(in.Filters) != 1 {
		return "", false
	}
	f := in.Filters[0]
	if aws.ToString(f.Name) != serviceFilter || len(f.Values) != 1 {
		return "", false
	}
	return f.Values[0], true
}

// join adds value to the open batch, opening one (and its timer) if none
// is, and closes the batch to newcomers once it holds maxValues values.
func (b *batchedAutoScaling) join(ctx context.Context, value string) *batch {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open == nil {
		b.open = newBatch(ctx)
		go b.run(b.open)
	}
	bt := b.open
	if bt.add(value) >= b.maxValues {
		b.open = nil
		close(bt.full)
	}
	return bt
}

// run waits out the window (or until the batch is full), then makes the
// batched call.
func (b *batchedAutoScaling) run(bt *batch) {
	t := b.clock.NewTimer(b.window)
	select {
	case <-t.C():
	case <-bt.full:
		t.Stop()
	}
	b.mu.Lock()
	if b.open == bt {
		b.open = nil
	}
	b.mu.Unlock()
	bt.flush(b.AutoScaling)
}
