package awssdk

import (
	"context"
	"fmt"
	"sync"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// batch is one batched DescribeAutoScalingGroups call and its callers.
type batch struct {
	full chan struct{} // closed when no more values fit
	done chan struct{} // closed when groups and err are set

	// ctx carries the first caller's values but not its cancellation; it
	// is canceled once every caller has given up on a started call.
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	values   []string
	seen     map[string]bool
	waiting  int
	flushing bool

	groups map[string][]astypes.AutoScalingGroup // by service
	err    error
}

func newBatch(ctx context.Context) *batch {
	bctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	return &batch{full: make(chan struct{}), done: make(chan struct{}), ctx: bctx, cancel: cancel, seen: map[string]bool{}}
}

// add counts a caller for value and returns how many values the batch holds.
func (bt *batch) add(value string) int {
	bt.mu.Lock()
	defer bt.mu.Unlock()
	bt.waiting++
	if !bt.seen[value] {
		bt.seen[value] = true
		bt.values = append(bt.values, value)
	}
	return len(bt.values)
}

// leave is called by a caller whose context ended before the result.
func (bt *batch) leave() {
	bt.mu.Lock()
	defer bt.mu.Unlock()
	bt.waiting--
	if bt.waiting == 0 && bt.flushing {
		bt.cancel()
	}
}

// flush makes the batched call through as, reading every page, unless
// every caller has already left.
func (bt *batch) flush(as awsapi.AutoScaling) {
	defer close(bt.done)
	defer bt.cancel()
	bt.mu.Lock()
	bt.flushing = true
	abandoned := bt.waiting == 0
	bt.mu.Unlock()
	if abandoned {
		bt.err = context.Canceled
		return
	}
	in := &autoscaling.DescribeAutoScalingGroupsInput{
		Filters:    []astypes.Filter{{Name: aws.String(serviceFilter), Values: bt.values}},
		MaxRecords: aws.Int32(100),
	}
	groups, err := awsapi.AllGroups(bt.ctx, as, in)
	if err != nil {
		bt.err = fmt.Errorf("describe asgs of %d services in one batch: %w", len(bt.values), err)
		return
	}
	bt.groups = map[string][]astypes.AutoScalingGroup{}
	for _, g := range groups {
		svc := tagValue(g.Tags, api.TagService)
		bt.groups[svc] = append(bt.groups[svc], g)
	}
}

// result is one caller's share of a finished batch, as a single page.
func (bt *batch) result(value string) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	if bt.err != nil {
		return nil, bt.err
	}
	groups := append([]astypes.AutoScalingGroup{}, bt.groups[value]...)
	return &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: groups}, nil
}

func tagValue(tags []astypes.TagDescription, key string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value)
		}
	}
	return ""
}
