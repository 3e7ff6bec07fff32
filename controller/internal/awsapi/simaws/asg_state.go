package simaws

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// group is an Auto Scaling group.
type group struct {
	name, arn       string
	created         time.Time
	ltID, ltVersion string // the launch template and version as configured
	min, max        int
	desired         int
	vpcZone         string
	azs             []string
	targetGroups    []string
	healthCheckType string
	grace           time.Duration
	tags            []tag // sorted by key
	hooks           []hook
	suspended       map[string]string // process -> suspension reason
	deleting        bool
	instances       []*instance // launch order
	azNext          int
	policies        map[string]*scalingPolicy   // by name; nil until the first
	scheduled       map[string]*scheduledAction // by name; nil until the first

	// Eventual consistency: describes younger than the change may show prev
	// (nil: the group was just created and is not visible yet).
	changedAt time.Time
	prev      *groupView
}

type tag struct {
	key, value string
	propagate  bool
}

type hook struct {
	name, transition, defaultResult string
	timeout                         time.Duration
}

const (
	transitionLaunching   = "autoscaling:EC2_INSTANCE_LAUNCHING"
	transitionTerminating = "autoscaling:EC2_INSTANCE_TERMINATING"
)

// Scaling processes that SuspendProcesses accepts.
const (
	procLaunch            = "Launch"
	procTerminate         = "Terminate"
	procAddToLoadBalancer = "AddToLoadBalancer"
	procHealthCheck       = "HealthCheck"
	procReplaceUnhealthy  = "ReplaceUnhealthy"
)

var scalingProcesses = []string{
	"AZRebalance", procAddToLoadBalancer, "AlarmNotification", procHealthCheck,
	"InstanceRefresh", procLaunch, procReplaceUnhealthy, "ScheduledActions", procTerminate,
}

func (g *group) isSuspended(p string) bool {
	_, ok := g.suspended[p]
	return ok
}

func (g *group) hooksFor(transition string) []hook {
	var out []hook
	for _, h := range g.hooks {
		if h.transition == transition {
			out = append(out, h)
		}
	}
	return out
}

func (g *group) hook(name string) (hook, bool) { return findHook(g.hooks, name) }

// active returns the instances that count toward desired capacity.
func (g *group) active() []*instance {
	var out []*instance
	for _, inst := range g.instances {
		if !inst.leaving() {
			out = append(out, inst)
		}
	}
	return out
}

func (g *group) remove(inst *instance) {
	for i, x := range g.instances {
		if x == inst {
			g.instances = append(g.instances[:i], g.instances[i+1:]...)
			return
		}
	}
}

// instance is one EC2 instance launched by a group.
type instance struct {
	id          string
	seq         uint64 // launch order across the cloud
	g           *group
	ami         string
	ltID        string
	ltVersion   int64
	az          string
	lifecycle   types.LifecycleState
	unhealthy   bool
	inServiceAt time.Time
	app         app
	waiting     map[string]bool // hooks not yet completed in a :Wait state
	epoch       int             // bumped on every lifecycle change
	registered  []string        // target groups the instance was registered with
	draining    int             // targets still draining
}

func (inst *instance) leaving() bool {
	switch inst.lifecycle {
	case types.LifecycleStateTerminating, types.LifecycleStateTerminatingWait,
		types.LifecycleStateTerminatingProceed, types.LifecycleStateTerminated:
		return true
	}
	return false
}
