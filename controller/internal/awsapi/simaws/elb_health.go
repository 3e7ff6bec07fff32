package simaws

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// register adds an instance as a target: initial, registration in
// progress, first health check one interval later.
func (c *Cloud) register(tg *targetGroup, inst *instance) {
	t := &target{inst: inst, state: stateInitial, reason: types.TargetHealthReasonEnumRegistrationInProgress}
	tg.targets[inst.id] = t
	c.scheduleCheck(tg, t)
}

func (c *Cloud) scheduleCheck(tg *targetGroup, t *target) {
	c.after(tg.hc.Interval, func() {
		if tg.targets[t.inst.id] != t || t.state == stateDraining {
			return
		}
		c.healthCheck(tg, t)
		c.scheduleCheck(tg, t)
	})
}

// healthCheck runs one check; it passes when the app is up. A new target
// is healthy after one pass and unhealthy after UnhealthyThreshold
// failures; a healthy one becomes unhealthy after UnhealthyThreshold
// consecutive failures; an unhealthy one healthy after HealthyThreshold
// consecutive passes.
func (c *Cloud) healthCheck(tg *targetGroup, t *target) {
	pass := t.inst.app.up
	if pass {
		t.fails = 0
		t.passes++
	} else {
		t.passes = 0
		t.fails++
	}
	switch {
	case t.state == stateInitial && pass, t.state == stateUnhealthy && t.passes >= tg.hc.HealthyThreshold:
		c.setTargetState(t, stateHealthy, "")
	case t.state != stateUnhealthy && t.fails >= tg.hc.UnhealthyThreshold:
		c.setTargetState(t, stateUnhealthy, types.TargetHealthReasonEnumFailedHealthChecks)
		c.checkInstanceHealth(t.inst)
	case t.state == stateInitial:
		t.reason = types.TargetHealthReasonEnumInitialHealthChecking
	}
}

func (c *Cloud) setTargetState(t *target, s types.TargetHealthStateEnum, r types.TargetHealthReasonEnum) {
	t.state, t.reason, t.passes, t.fails = s, r, 0, 0
}

// deregister drains a target for the group's deregistration delay, then
// removes it and calls done.
func (c *Cloud) deregister(tg *targetGroup, t *target, done func()) {
	c.setTargetState(t, stateDraining, types.TargetHealthReasonEnumDeregistrationInProgress)
	c.after(tg.deregDelay, func() {
		if tg.targets[t.inst.id] == t {
			delete(tg.targets, t.inst.id)
		}
		done()
	})
}

// Serving returns the instance ids the ALB routes to in a target group,
// sorted: the healthy targets, or, when none is healthy, every registered
// target that is not draining (fail-open: an ALB routes to all targets when
// all are unhealthy). An unknown target group serves nothing.
func (c *Cloud) Serving(tgARN string) []string {
	var ids []string
	c.locked(func() {
		tg, ok := c.targetGroups[tgARN]
		if !ok {
			return
		}
		var open []string
		for _, id := range sortedKeys(tg.targets) {
			switch tg.targets[id].state {
			case stateHealthy:
				ids = append(ids, id)
			case stateInitial, stateUnhealthy:
				open = append(open, id)
			}
		}
		if len(ids) == 0 {
			ids = open
		}
	})
	return slices.Clip(ids)
}
