package simaws

import (
	"cmp"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// reconcileCapacity launches or terminates instances until the group's
// active instances match desired, as far as suspended processes allow.
// Scale-in terminates the newest instances first.
func (c *Cloud) reconcileCapacity(g *group) {
	if g.deleting {
		return
	}
	active := g.active()
	switch {
	case len(active) < g.desired && !g.isSuspended(procLaunch):
		for range g.desired - len(active) {
			c.launchInstance(g)
		}
	case len(active) > g.desired && !g.isSuspended(procTerminate):
		slices.SortFunc(active, func(a, b *instance) int { return cmp.Compare(b.seq, a.seq) })
		for _, inst := range active[:len(active)-g.desired] {
			c.terminate(inst)
		}
	}
}

func (c *Cloud) launchInstance(g *group) {
	lt := c.templates[g.ltID]
	v, _ := lt.resolve(g.ltVersion) // validated when configured; versions are never deleted
	c.launch++
	inst := &instance{
		id: c.newInstanceID(), seq: c.launch, g: g, ami: v.ami, ltID: lt.id, ltVersion: v.number,
		az: g.azs[g.azNext%len(g.azs)], lifecycle: types.LifecycleStatePending,
		app: app{fault: c.brokenAMIs[v.ami]},
	}
	g.azNext++
	c.instances[inst.id] = inst
	g.instances = append(g.instances, inst)
	boot := c.draw(c.cfg.Boot)
	start := c.draw(c.cfg.AppStart)
	if inst.app.fault == AppSlowStart {
		start *= 4
	}
	ep := inst.epoch
	c.after(boot, func() { c.booted(inst, ep) })
	if c.cfg.Host != nil {
		c.startHosted(inst, boot)
		return
	}
	c.startApp(inst, boot+start)
}

func (c *Cloud) newInstanceID() string {
	for {
		id := "i-" + c.hexID(17)
		if _, taken := c.instances[id]; !taken {
			return id
		}
	}
}

func (c *Cloud) setLifecycle(inst *instance, s types.LifecycleState) {
	inst.lifecycle = s
	inst.epoch++
}

// booted moves a running instance on: into Pending:Wait when the group has
// launch hooks, else InService.
func (c *Cloud) booted(inst *instance, ep int) {
	if inst.epoch != ep {
		return
	}
	if hooks := inst.g.hooksFor(transitionLaunching); len(hooks) > 0 {
		c.enterWait(inst, types.LifecycleStatePendingWait, hooks)
		return
	}
	c.goInService(inst)
}

// goInService registers the instance with the group's target groups
// (unless AddToLoadBalancer is suspended) and starts the health check grace
// period.
func (c *Cloud) goInService(inst *instance) {
	c.setLifecycle(inst, types.LifecycleStateInService)
	inst.inServiceAt = c.now
	g := inst.g
	if !g.isSuspended(procAddToLoadBalancer) {
		for _, arn := range g.targetGroups {
			c.register(c.targetGroups[arn], inst)
			inst.registered = append(inst.registered, arn)
		}
	}
	if g.healthCheckType == "ELB" {
		ep := inst.epoch
		c.after(g.grace, func() {
			if inst.epoch == ep {
				c.checkInstanceHealth(inst)
			}
		})
	}
}

// terminate starts taking an instance away: Terminating, its targets drain
// for the deregistration delay, then terminate hooks (if any), shutdown,
// gone.
func (c *Cloud) terminate(inst *instance) {
	if inst.leaving() {
		return
	}
	c.setLifecycle(inst, types.LifecycleStateTerminating)
	inst.waiting = nil
	for _, arn := range inst.registered {
		tg := c.targetGroups[arn]
		if t := tg.targets[inst.id]; t != nil && t.state != stateDraining {
			inst.draining++
			c.deregister(tg, t, func() { c.drained(inst) })
		}
	}
	inst.registered = nil
	if inst.draining == 0 {
		c.afterDrain(inst)
	}
}

func (c *Cloud) drained(inst *instance) {
	if inst.draining--; inst.draining == 0 {
		c.afterDrain(inst)
	}
}

func (c *Cloud) afterDrain(inst *instance) {
	if inst.lifecycle != types.LifecycleStateTerminating {
		return // already moved on by a force delete
	}
	if hooks := inst.g.hooksFor(transitionTerminating); len(hooks) > 0 && !inst.g.deleting {
		c.enterWait(inst, types.LifecycleStateTerminatingWait, hooks)
		return
	}
	c.shutdown(inst)
}

// shutdown stops the application and removes the instance after Shutdown.
func (c *Cloud) shutdown(inst *instance) {
	if inst.lifecycle == types.LifecycleStateTerminatingWait {
		c.setLifecycle(inst, types.LifecycleStateTerminatingProceed)
	} else {
		inst.epoch++
	}
	inst.waiting = nil
	c.stopApp(inst)
	ep := inst.epoch
	c.after(c.cfg.Shutdown, func() {
		if inst.epoch == ep {
			c.gone(inst)
		}
	})
}

// gone removes a terminated instance; a group being deleted disappears
// with its last instance.
func (c *Cloud) gone(inst *instance) {
	c.setLifecycle(inst, types.LifecycleStateTerminated)
	g := inst.g
	g.remove(inst)
	delete(c.instances, inst.id)
	if g.deleting && len(g.instances) == 0 && c.groups[g.name] == g {
		c.removeGroup(g)
	}
}
