package simaws

import "time"

// AppFault is how the application baked into an AMI behaves.
type AppFault int

// Application behaviours.
const (
	AppHealthy      AppFault = iota // up AppStart after boot, stays up
	AppNeverHealthy                 // never answers health checks
	AppFlapping                     // up, then alternately down and up every few health-check intervals (seeded)
	AppSlowStart                    // like AppHealthy with AppStart x4
)

// app is the state of the application on one instance.
type app struct {
	fault   AppFault
	started bool // the start delay has passed (the app may still be down)
	up      bool // answers health checks
	stopped bool // the instance is shutting down
	gen     int  // bumped to cancel pending flaps
}

// BreakAMI makes instances launched from ami from now on behave as f.
func (c *Cloud) BreakAMI(ami string, f AppFault) {
	c.locked(func() { c.brokenAMIs[ami] = f })
}

// BreakInstance changes the behaviour of one running application at once
// (AppNeverHealthy: down now and for good; AppHealthy or AppSlowStart: up
// now; AppFlapping: up now, then flapping). Before the app has started the
// new behaviour applies when it starts. It reports whether the instance
// exists.
func (c *Cloud) BreakInstance(id string, f AppFault) bool {
	found := false
	c.locked(func() {
		inst, ok := c.instances[id]
		if !ok {
			return
		}
		found = true
		inst.app.fault = f
		if inst.app.started && !inst.app.stopped {
			inst.app.gen++
			c.applyAppFault(inst)
		}
	})
	return found
}

// startApp schedules the application's start d from now.
func (c *Cloud) startApp(inst *instance, d time.Duration) {
	gen := inst.app.gen
	c.after(d, func() {
		if inst.app.stopped || inst.app.gen != gen {
			return
		}
		inst.app.started = true
		c.applyAppFault(inst)
	})
}

func (c *Cloud) applyAppFault(inst *instance) {
	switch inst.app.fault {
	case AppNeverHealthy:
		c.setAppUp(inst, false)
	case AppFlapping:
		c.setAppUp(inst, true)
		c.scheduleFlap(inst)
	default:
		c.setAppUp(inst, true)
	}
}

// scheduleFlap toggles the app after k health-check intervals, k drawn in
// [t+1, t+3] where t is the larger threshold, so that target health really
// changes between toggles.
func (c *Cloud) scheduleFlap(inst *instance) {
	hc := c.cfg.HealthCheck
	k := max(hc.HealthyThreshold, hc.UnhealthyThreshold) + 1 + c.world.IntN(3)
	gen := inst.app.gen
	c.after(time.Duration(k)*hc.Interval, func() {
		if inst.app.stopped || inst.app.gen != gen {
			return
		}
		c.setAppUp(inst, !inst.app.up)
		c.scheduleFlap(inst)
	})
}

func (c *Cloud) setAppUp(inst *instance, up bool) {
	was := inst.app.up
	inst.app.up = up
	if up && !was {
		c.onAppUp(inst)
	}
}

func (c *Cloud) stopApp(inst *instance) {
	if c.cfg.Host != nil && inst.app.started && !inst.app.stopped {
		c.cfg.Host.Stop(inst.id)
	}
	inst.app.stopped = true
	inst.app.up = false
	inst.app.gen++
}
