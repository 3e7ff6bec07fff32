package execute

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/internal/reconcile"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// suspend suspends a.Processes on a.Group (idempotent in AWS).
// An empty list would mean "all processes" to AWS, so it is refused.
func (e *Executor) suspend(ctx context.Context, a reconcile.Action) error {
	if len(a.Processes) == 0 {
		return errors.New("suspend_processes without processes")
	}
	_, err := e.Clients.AutoScaling.SuspendProcesses(ctx, &autoscaling.SuspendProcessesInput{
		AutoScalingGroupName: aws.String(a.Group),
		ScalingProcesses:     append([]string(nil), a.Processes...),
	})
	if err != nil {
		return fmt.Errorf("suspend %v on asg %q: %w", a.Processes, a.Group, err)
	}
	return nil
}

// resume resumes a.Processes on a.Group (idempotent in AWS).
// An empty list would mean "all processes" to AWS, so it is refused.
func (e *Executor) resume(ctx context.Context, a reconcile.Action) error {
	if len(a.Processes) == 0 {
		return errors.New("resume_processes without processes")
	}
	_, err := e.Clients.AutoScaling.ResumeProcesses(ctx, &autoscaling.ResumeProcessesInput{
		AutoScalingGroupName: aws.String(a.Group),
		ScalingProcesses:     append([]string(nil), a.Processes...),
	})
	if err != nil {
		return fmt.Errorf("resume %v on asg %q: %w", a.Processes, a.Group, err)
	}
	return nil
}
