package simaws

import "slices"

// Truth is the ground truth at clock.Now(), consistent and deep-copied: no
// eventual consistency, no faults.
type Truth struct {
	Groups       map[string]TruthGroup       // by ASG name (includes groups being deleted)
	TargetGroups map[string]TruthTargetGroup // by ARN
	Listeners    map[string]map[string]int   // listener ARN -> target group ARN -> weight
	Rules        map[string]map[string]int   // rule ARN -> target group ARN -> weight (default rules left out)
	Alarms       map[string]string           // alarm name -> state
}

// TruthGroup is one Auto Scaling group. LaunchTemplateVersion is as
// configured ("$Latest", "$Default" or a number); AMI is what it resolves
// to now, i.e. what the next launch uses.
type TruthGroup struct {
	Name                       string
	Tags                       map[string]string
	Min, Max, Desired          int
	LaunchTemplateID           string
	LaunchTemplateVersion, AMI string
	TargetGroups, Suspended    []string
	Deleting                   bool
	Instances                  []TruthInstance // sorted by ID
}

// TruthInstance is one instance: its lifecycle state, the AMI it was
// launched from and whether its application answers health checks.
type TruthInstance struct {
	ID, Lifecycle, AMI string
	AppUp              bool
}

// TruthTargetGroup counts a target group's targets by state.
type TruthTargetGroup struct {
	Healthy, Initial, Unhealthy, Draining int
	Targets                               map[string]string // instance id -> state
}

// Truth returns the ground truth at clock.Now().
func (c *Cloud) Truth() Truth {
	var t Truth
	c.locked(func() {
		t = Truth{
			Groups: map[string]TruthGroup{}, TargetGroups: map[string]TruthTargetGroup{},
			Listeners: map[string]map[string]int{}, Rules: map[string]map[string]int{}, Alarms: map[string]string{},
		}
		for name, g := range c.groups {
			t.Groups[name] = c.truthGroup(g)
		}
		for arn, tg := range c.targetGroups {
			t.TargetGroups[arn] = truthTargetGroup(tg)
		}
		for arn, l := range c.listeners {
			t.Listeners[arn] = l.weights()
		}
		for arn, r := range c.rules {
			if !r.isDefault() {
				t.Rules[arn] = r.weights()
			}
		}
		for name, a := range c.alarms {
			t.Alarms[name] = string(a.state)
		}
	})
	return t
}

func (c *Cloud) truthGroup(g *group) TruthGroup {
	v := c.view(g)
	ver, _ := c.templates[g.ltID].resolve(g.ltVersion)
	tg := TruthGroup{
		Name: g.name, Tags: map[string]string{}, Min: g.min, Max: g.max, Desired: g.desired,
		LaunchTemplateID: g.ltID, LaunchTemplateVersion: g.ltVersion, AMI: ver.ami,
		TargetGroups: slices.Clone(g.targetGroups), Suspended: sortedKeys(g.suspended),
		Deleting: g.deleting, Instances: []TruthInstance{},
	}
	for _, t := range g.tags {
		tg.Tags[t.key] = t.value
	}
	for _, iv := range v.instances {
		tg.Instances = append(tg.Instances, TruthInstance{ID: iv.id, Lifecycle: string(iv.lifecycle), AMI: iv.ami, AppUp: iv.appUp})
	}
	return tg
}

func truthTargetGroup(tg *targetGroup) TruthTargetGroup {
	out := TruthTargetGroup{Targets: make(map[string]string, len(tg.targets))}
	for id, t := range tg.targets {
		out.Targets[id] = string(t.state)
		switch t.state {
		case stateHealthy:
			out.Healthy++
		case stateInitial:
			out.Initial++
		case stateUnhealthy:
			out.Unhealthy++
		case stateDraining:
			out.Draining++
		}
	}
	return out
}
