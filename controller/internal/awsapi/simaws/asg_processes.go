package simaws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
)

// SuspendProcesses suspends the named scaling processes (none: all).
// Launch, Terminate, AddToLoadBalancer, HealthCheck and ReplaceUnhealthy
// change what the simulation does; the others are only recorded.
func (c *Cloud) SuspendProcesses(ctx context.Context, in *autoscaling.SuspendProcessesInput, _ ...func(*autoscaling.Options)) (*autoscaling.SuspendProcessesOutput, error) {
	return run(ctx, c, opSuspendProcesses, func(callCtx) (*autoscaling.SuspendProcessesOutput, error) {
		if in == nil {
			in = &autoscaling.SuspendProcessesInput{}
		}
		g, ps, err := c.processTarget(in.AutoScalingGroupName, in.ScalingProcesses)
		if err != nil {
			return nil, err
		}
		c.markChanged(g)
		reason := "User suspended at " + c.now.UTC().Format(time.RFC3339)
		for _, p := range ps {
			if !g.isSuspended(p) {
				g.suspended[p] = reason
			}
		}
		return &autoscaling.SuspendProcessesOutput{}, nil
	})
}

// ResumeProcesses resumes the named scaling processes (none: all); the
// group then catches up on capacity and health replacement.
func (c *Cloud) ResumeProcesses(ctx context.Context, in *autoscaling.ResumeProcessesInput, _ ...func(*autoscaling.Options)) (*autoscaling.ResumeProcessesOutput, error) {
	return run(ctx, c, opResumeProcesses, func(callCtx) (*autoscaling.ResumeProcessesOutput, error) {
		if in == nil {
			in = &autoscaling.ResumeProcessesInput{}
		}
		g, ps, err := c.processTarget(in.AutoScalingGroupName, in.ScalingProcesses)
		if err != nil {
			return nil, err
		}
		c.markChanged(g)
		for _, p := range ps {
			delete(g.suspended, p)
		}
		c.reconcileCapacity(g)
		c.recheckGroupHealth(g)
		return &autoscaling.ResumeProcessesOutput{}, nil
	})
}

// processTarget validates a Suspend/ResumeProcesses request. Groups being
// deleted accept it.
func (c *Cloud) processTarget(name *string, procs []string) (*group, []string, error) {
	g, ok := c.groups[aws.ToString(name)]
	if !ok {
		return nil, nil, groupNotFound(aws.ToString(name))
	}
	ps, err := checkProcesses(procs)
	return g, ps, err
}
