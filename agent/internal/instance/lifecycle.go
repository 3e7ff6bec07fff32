package instance

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"

	"github.com/asgctl/asgctl/controller/clock"
)

// LifecycleAPI is the part of *autoscaling.Client the agent uses.
type LifecycleAPI interface {
	CompleteLifecycleAction(ctx context.Context, in *autoscaling.CompleteLifecycleActionInput, optFns ...func(*autoscaling.Options)) (*autoscaling.CompleteLifecycleActionOutput, error)
}

var _ LifecycleAPI = (*autoscaling.Client)(nil)

// resultContinue lets the instance go on to InService.
const resultContinue = "CONTINUE"

// Defaults for a Completer's retries.
const (
	DefaultAttempts   = 5
	DefaultBackoff    = time.Second
	defaultMaxBackoff = 10 * time.Second
)

// Completer completes launch lifecycle actions, retrying throttling and
// server faults a bounded number of times with jittered exponential
// backoff on Clock.
type Completer struct {
	API      LifecycleAPI
	Clock    clock.Clock   // nil: the wall clock
	Log      *slog.Logger  // nil: slog.Default()
	Attempts int           // calls at most; 0: DefaultAttempts
	Backoff  time.Duration // first wait, doubling up to 10s; 0: DefaultBackoff
}

// CompleteLaunch completes the launch lifecycle action of hook for
// instanceID in group with CONTINUE, using a Completer with the defaults
// (the wall clock, slog.Default()).
func CompleteLaunch(ctx context.Context, as LifecycleAPI, hook, group, instanceID string) error {
	return (&Completer{API: as}).CompleteLaunch(ctx, hook, group, instanceID)
}

// CompleteLaunch completes the launch lifecycle action of hook for
// instanceID in group with CONTINUE, so the instance goes InService. It is
// idempotent: when Auto Scaling has no active action for the instance (it
// was completed already, or timed out) it logs that at info and returns
// nil. Throttling and server faults are retried; an IAM denial names the
// permission the instance role lacks; any other error is returned wrapped
// with the hook, group and instance.
func (c *Completer) CompleteLaunch(ctx context.Context, hook, group, instanceID string) error {
	in := &autoscaling.CompleteLifecycleActionInput{
		AutoScalingGroupName:  aws.String(group),
		LifecycleHookName:     aws.String(hook),
		InstanceId:            aws.String(instanceID),
		LifecycleActionResult: aws.String(resultContinue),
	}
	log := c.logger().With("action", "CompleteLifecycleAction", "lifecycle_hook", hook, "asg", group, "instance_id", instanceID)
	err := c.retry(ctx, log, func() error {
		_, err := c.API.CompleteLifecycleAction(ctx, in)
		return err
	})
	if err == nil {
		return nil
	}
	switch classify(err) {
	case classNoAction:
		log.Info("no active launch lifecycle action for the instance: already completed or timed out; if it stays in Pending:Wait, check the hook name", "error", err)
		return nil
	case classAccessDenied:
		return fmt.Errorf("complete launch lifecycle action (hook %q, group %q, instance %s): access denied: the instance role needs autoscaling:CompleteLifecycleAction on group %q: %w", hook, group, instanceID, group, err)
	}
	return fmt.Errorf("complete launch lifecycle action (hook %q, group %q, instance %s): %w", hook, group, instanceID, err)
}

// logger returns c.Log or the default logger.
func (c *Completer) logger() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.Default()
}
