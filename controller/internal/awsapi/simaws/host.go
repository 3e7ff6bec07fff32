package simaws

import "time"

// Host runs a real application for every instance the cloud launches: the
// sandbox's hosted mode, where each simulated instance is a real
// asgctl-agent process on loopback. The cloud calls it with its lock held,
// so every method must return at once; probing is the host's business,
// and Healthy only reports the host's last result. Like everything in the
// cloud, hosted instances move on when an API call catches the cloud up
// with its clock, so a hosted run keeps calling (the controller, and the
// sandbox's balancer reading target health).
type Host interface {
	// Start runs instance id's application, launched from ami. It is
	// called when the instance has booted (Config.Boot).
	Start(id, ami string)
	// Healthy reports whether id's application answered its last health
	// probe.
	Healthy(id string) bool
	// Stop stops id's application (the instance is shutting down).
	Stop(id string)
}

// hostPoll is how often a hosted instance's health is read from the Host;
// simaws's own health checks then see it as the application's state.
const hostPoll = 250 * time.Millisecond

// startHosted hands a booted instance to the Host and follows its health
// until the instance stops. The AppStart delay and AppFault do not apply:
// the real application decides when and whether it is up.
func (c *Cloud) startHosted(inst *instance, boot time.Duration) {
	gen := inst.app.gen
	c.after(boot, func() {
		if inst.app.stopped || inst.app.gen != gen {
			return
		}
		inst.app.started = true
		c.cfg.Host.Start(inst.id, inst.ami)
		c.pollHosted(inst, gen)
	})
}

// pollHosted copies the Host's view of inst's health into the app state
// every hostPoll while the instance runs.
func (c *Cloud) pollHosted(inst *instance, gen int) {
	if inst.app.stopped || inst.app.gen != gen {
		return
	}
	c.setAppUp(inst, c.cfg.Host.Healthy(inst.id))
	c.after(hostPoll, func() { c.pollHosted(inst, gen) })
}
