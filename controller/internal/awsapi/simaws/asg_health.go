package simaws

import "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"

// checkInstanceHealth applies Auto Scaling's ELB health check: an InService
// instance of a group with HealthCheckType ELB, past its grace period, whose
// target is unhealthy in any of the group's target groups, is marked
// Unhealthy (unless HealthCheck is suspended) and replaced (unless
// ReplaceUnhealthy is suspended). An Unhealthy mark is never cleared.
func (c *Cloud) checkInstanceHealth(inst *instance) {
	g := inst.g
	if inst.lifecycle != types.LifecycleStateInService || g.healthCheckType != "ELB" {
		return
	}
	if !inst.unhealthy {
		if g.isSuspended(procHealthCheck) || c.now.Before(inst.inServiceAt.Add(g.grace)) || !c.targetUnhealthy(inst) {
			return
		}
		inst.unhealthy = true
	}
	if g.isSuspended(procReplaceUnhealthy) {
		return
	}
	c.terminate(inst)
	c.reconcileCapacity(g)
}

func (c *Cloud) targetUnhealthy(inst *instance) bool {
	for _, arn := range inst.registered {
		if t := c.targetGroups[arn].targets[inst.id]; t != nil && t.state == stateUnhealthy {
			return true
		}
	}
	return false
}

// recheckGroupHealth re-applies health checks to every instance, after a
// process that affects them is resumed.
func (c *Cloud) recheckGroupHealth(g *group) {
	for _, inst := range append([]*instance(nil), g.instances...) {
		c.checkInstanceHealth(inst)
	}
}
