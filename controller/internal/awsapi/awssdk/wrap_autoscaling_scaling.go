package awssdk

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// The scaling policy and scheduled action calls of limitedAutoScaling (see
// wrap_autoscaling.go), behind the same gate.

// PutScalingPolicy calls PutScalingPolicy after taking a token.
func (w *limitedAutoScaling) PutScalingPolicy(ctx context.Context, in *autoscaling.PutScalingPolicyInput, optFns ...func(*autoscaling.Options)) (*autoscaling.PutScalingPolicyOutput, error) {
	return call(ctx, w.g, "PutScalingPolicy", func() (*autoscaling.PutScalingPolicyOutput, error) {
		return w.c.PutScalingPolicy(ctx, in, optFns...)
	})
}

// DescribePolicies calls DescribePolicies after taking a token.
func (w *limitedAutoScaling) DescribePolicies(ctx context.Context, in *autoscaling.DescribePoliciesInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DescribePoliciesOutput, error) {
	return call(ctx, w.g, "DescribePolicies", func() (*autoscaling.DescribePoliciesOutput, error) {
		return w.c.DescribePolicies(ctx, in, optFns...)
	})
}

// DeletePolicy calls DeletePolicy after taking a token.
func (w *limitedAutoScaling) DeletePolicy(ctx context.Context, in *autoscaling.DeletePolicyInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DeletePolicyOutput, error) {
	return call(ctx, w.g, "DeletePolicy", func() (*autoscaling.DeletePolicyOutput, error) {
		return w.c.DeletePolicy(ctx, in, optFns...)
	})
}

// PutScheduledUpdateGroupAction calls PutScheduledUpdateGroupAction after taking a token.
func (w *limitedAutoScaling) PutScheduledUpdateGroupAction(ctx context.Context, in *autoscaling.PutScheduledUpdateGroupActionInput, optFns ...func(*autoscaling.Options)) (*autoscaling.PutScheduledUpdateGroupActionOutput, error) {
	return call(ctx, w.g, "PutScheduledUpdateGroupAction", func() (*autoscaling.PutScheduledUpdateGroupActionOutput, error) {
		return w.c.PutScheduledUpdateGroupAction(ctx, in, optFns...)
	})
}

// DescribeScheduledActions calls DescribeScheduledActions after taking a token.
func (w *limitedAutoScaling) DescribeScheduledActions(ctx context.Context, in *autoscaling.DescribeScheduledActionsInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DescribeScheduledActionsOutput, error) {
	return call(ctx, w.g, "DescribeScheduledActions", func() (*autoscaling.DescribeScheduledActionsOutput, error) {
		return w.c.DescribeScheduledActions(ctx, in, optFns...)
	})
}

// DeleteScheduledAction calls DeleteScheduledAction after taking a token.
func (w *limitedAutoScaling) DeleteScheduledAction(ctx context.Context, in *autoscaling.DeleteScheduledActionInput, optFns ...func(*autoscaling.Options)) (*autoscaling.DeleteScheduledActionOutput, error) {
	return call(ctx, w.g, "DeleteScheduledAction", func() (*autoscaling.DeleteScheduledActionOutput, error) {
		return w.c.DeleteScheduledAction(ctx, in, optFns...)
	})
}
