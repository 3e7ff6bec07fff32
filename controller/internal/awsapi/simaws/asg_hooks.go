package simaws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// Lifecycle action results.
const (
	resultContinue = "CONTINUE"
	resultAbandon  = "ABANDON"
)

// enterWait puts an instance into Pending:Wait or Terminating:Wait until
// every hook completes, by CompleteLifecycleAction, by the agent (launch
// hooks complete when the app is up) or by its heartbeat timeout, which
// applies the hook's default result.
func (c *Cloud) enterWait(inst *instance, state types.LifecycleState, hooks []hook) {
	c.setLifecycle(inst, state)
	inst.waiting = map[string]bool{}
	ep := inst.epoch
	for _, h := range hooks {
		inst.waiting[h.name] = true
		name, result := h.name, h.defaultResult
		c.after(h.timeout, func() {
			if inst.epoch == ep && inst.waiting[name] {
				c.completeHook(inst, name, result)
			}
		})
	}
	if state == types.LifecycleStatePendingWait && inst.app.up {
		c.onAppUp(inst)
	}
}

// onAppUp models the agent: once the app answers, it completes the launch
// lifecycle actions with CONTINUE.
func (c *Cloud) onAppUp(inst *instance) {
	if inst.lifecycle != types.LifecycleStatePendingWait {
		return
	}
	for _, name := range sortedKeys(inst.waiting) {
		if inst.lifecycle != types.LifecycleStatePendingWait {
			return
		}
		c.completeHook(inst, name, resultContinue)
	}
}

// completeHook records one hook's result. A launch ABANDON terminates the
// instance (the group launches a replacement); once every hook has
// continued, a launching instance goes InService and a terminating one
// shuts down.
func (c *Cloud) completeHook(inst *instance, name, result string) {
	delete(inst.waiting, name)
	if inst.lifecycle == types.LifecycleStatePendingWait && result == resultAbandon {
		c.terminate(inst)
		c.reconcileCapacity(inst.g)
		return
	}
	if len(inst.waiting) > 0 {
		return
	}
	switch inst.lifecycle {
	case types.LifecycleStatePendingWait:
		c.setLifecycle(inst, types.LifecycleStatePendingProceed)
		c.goInService(inst)
	case types.LifecycleStateTerminatingWait:
		c.shutdown(inst)
	}
}

// CompleteLifecycleAction completes one hook's lifecycle action for an
// instance in Pending:Wait or Terminating:Wait. Instances are named by
// InstanceId; the simulation issues no action tokens.
func (c *Cloud) CompleteLifecycleAction(ctx context.Context, in *autoscaling.CompleteLifecycleActionInput, _ ...func(*autoscaling.Options)) (*autoscaling.CompleteLifecycleActionOutput, error) {
	return run(ctx, c, opCompleteLifecycleAction, func(callCtx) (*autoscaling.CompleteLifecycleActionOutput, error) {
		if in == nil {
			in = &autoscaling.CompleteLifecycleActionInput{}
		}
		inst, err := c.findLifecycleAction(in)
		if err != nil {
			return nil, err
		}
		c.completeHook(inst, aws.ToString(in.LifecycleHookName), aws.ToString(in.LifecycleActionResult))
		return &autoscaling.CompleteLifecycleActionOutput{}, nil
	})
}

func (c *Cloud) findLifecycleAction(in *autoscaling.CompleteLifecycleActionInput) (*instance, error) {
	name := aws.ToString(in.AutoScalingGroupName)
	g, ok := c.groups[name]
	if !ok {
		return nil, groupNotFound(name)
	}
	hookName := aws.ToString(in.LifecycleHookName)
	if _, ok := g.hook(hookName); !ok {
		return nil, validationError("No Lifecycle Hook with name %s is defined for Auto Scaling group %s", hookName, name)
	}
	if r := aws.ToString(in.LifecycleActionResult); r != resultContinue && r != resultAbandon {
		return nil, validationError("LifecycleActionResult must be CONTINUE or ABANDON, got %q", r)
	}
	if in.InstanceId == nil {
		return nil, validationError("No active Lifecycle Action found with token %s", aws.ToString(in.LifecycleActionToken))
	}
	inst, ok := c.instances[*in.InstanceId]
	if !ok || inst.g != g || !inst.waiting[hookName] {
		return nil, validationError("No active Lifecycle Action found with instance ID %s", *in.InstanceId)
	}
	return inst, nil
}
