package reconcile_test

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/invariant"
	rc "github.com/asgctl/asgctl/controller/internal/reconcile"
)

// world is a tiny, instant model of AWS and the store for property tests:
// actions take effect at once, instances boot only when the test says so,
// and health is whatever the test sets. It enforces the actions'
// preconditions the way the executor does.
type world struct {
	spec    api.ServiceSpec
	now     time.Time
	groups  map[string]*rc.Group
	healthy map[string]int // group name -> healthy targets
	weights map[string]int
	lts     []rc.LTVersion
	rec     *api.Rollout
	idx     uint64
	hist    int
	alarms  map[string]string
	scaled  map[string]string // group -> fingerprint of the scaling it carries
	req     *api.Desired
	bad     map[string]bool // AMIs whose instances never get healthy
	errs    []string        // precondition failures seen (a correct Decide causes none)
}

func newWorld(spec api.ServiceSpec) *world {
	return &world{
		spec: spec, now: pt0, groups: map[string]*rc.Group{}, healthy: map[string]int{},
		weights: map[string]int{spec.TargetGroups[0]: 100, spec.TargetGroups[1]: 0},
		alarms:  map[string]string{}, bad: map[string]bool{}, scaled: map[string]string{},
	}
}

func (w *world) observe() rc.Observed {
	o := rc.Observed{
		Service: w.spec.Name, RolloutIndex: w.idx, HistorySeq: w.hist,
		GroupsKnown: true, WeightsKnown: true, AlarmsKnown: true, LaunchTemplatesKnown: true,
		Weights: map[string]int{}, Health: map[string]rc.TargetHealth{}, Alarms: map[string]string{},
	}
	if w.rec != nil {
		r := w.rec.Clone()
		o.Rollout = &r
	}
	for _, n := range w.names() {
		g := *w.groups[n]
		g.Suspended = slices.Clone(g.Suspended)
		o.Groups = append(o.Groups, g)
	}
	for tg, v := range w.weights {
		o.Weights[tg] = v
	}
	for _, tg := range w.spec.TargetGroups {
		o.Health[tg] = rc.TargetHealth{Healthy: w.tgHealthy(tg)}
	}
	for k, v := range w.alarms {
		o.Alarms[k] = v
	}
	o.Scaling = map[string]rc.GroupScaling{}
	for name, g := range w.groups {
		if !g.Deleting {
			o.Scaling[name] = rc.GroupScaling{Fingerprint: w.scaled[name]}
		}
	}
	for i := len(w.lts) - 1; i >= 0; i-- {
		o.LaunchTemplates = append(o.LaunchTemplates, w.lts[i])
	}
	return o
}

func (w *world) names() []string {
	var ns []string
	for n := range w.groups {
		ns = append(ns, n)
	}
	sort.Slice(ns, func(i, j int) bool { return w.groups[ns[i]].Seq < w.groups[ns[j]].Seq })
	return ns
}

func (w *world) tgHealthy(tg string) int {
	n := 0
	for name, g := range w.groups {
		if !g.Deleting && len(g.TargetGroups) > 0 && g.TargetGroups[0] == tg {
			n += w.healthy[name]
		}
	}
	return n
}

// apply runs a plan's actions in order, stopping at a failed precondition.
func (w *world) apply(p rc.Plan) {
	for _, a := range p.Actions {
		if err := w.applyOne(a); err != nil {
			w.errs = append(w.errs, err.Error())
			return
		}
	}
}

func (w *world) applyOne(a rc.Action) error {
	switch a.Kind {
	case rc.ActWriteRollout:
		if a.ExpectIndex != w.idx {
			return fmt.Errorf("rollout CAS %d != %d", a.ExpectIndex, w.idx)
		}
		r := a.Rollout.Clone()
		w.rec, w.idx = &r, w.idx+1
	case rc.ActAppendHistory:
		w.hist = max(w.hist, a.Rollout.Seq)
	case rc.ActCreateLTVersion:
		w.lts = append(w.lts, rc.LTVersion{Number: int64(len(w.lts) + 1), ImageID: a.AMI, Description: a.Description})
	case rc.ActCreateGroup:
		return w.createGroup(a)
	case rc.ActUpdateCapacity:
		return w.updateCapacity(a)
	case rc.ActSuspendProcesses, rc.ActResumeProcesses:
		w.setProcesses(a)
	case rc.ActSetWeights:
		return w.setWeights(a)
	case rc.ActPutScaling:
		if g, ok := w.groups[a.Group]; !ok || g.Deleting {
			return fmt.Errorf("put scaling on missing group %s", a.Group)
		}
		w.scaled[a.Group] = a.Scaling.Fingerprint()
	case rc.ActDeleteGroup:
		if g, ok := w.groups[a.Group]; ok {
			g.Deleting, g.Instances, g.InService = true, 0, 0
			w.healthy[a.Group] = 0
		}
	}
	return nil
}

func (w *world) createGroup(a rc.Action) error {
	if g, ok := w.groups[a.Group]; ok {
		if g.RolloutID != a.RolloutID {
			return fmt.Errorf("group %s exists for rollout %s", a.Group, g.RolloutID)
		}
		return nil
	}
	w.groups[a.Group] = &rc.Group{
		Name: a.Group, Seq: a.Seq, RolloutID: a.RolloutID, AMI: a.AMI,
		LaunchTemplateVersion: a.LaunchTemplateVersion, Capacity: *a.Capacity,
		TargetGroups: []string{a.TargetGroup},
	}
	return nil
}

func (w *world) updateCapacity(a rc.Action) error {
	g, ok := w.groups[a.Group]
	if !ok {
		return fmt.Errorf("update of missing group %s", a.Group)
	}
	if g.Capacity == *a.Capacity {
		return nil
	}
	if a.ExpectCapacity != nil && g.Capacity != *a.ExpectCapacity {
		return fmt.Errorf("capacity of %s is %+v, expected %+v", a.Group, g.Capacity, *a.ExpectCapacity)
	}
	g.Capacity = *a.Capacity
	if g.Instances > g.Capacity.Desired {
		g.Instances, g.InService = g.Capacity.Desired, min(g.InService, g.Capacity.Desired)
		w.healthy[g.Name] = min(w.healthy[g.Name], g.Instances)
	}
	return nil
}

func (w *world) setProcesses(a rc.Action) {
	g, ok := w.groups[a.Group]
	if !ok {
		return
	}
	for _, p := range a.Processes {
		i := slices.Index(g.Suspended, p)
		if a.Kind == rc.ActSuspendProcesses && i < 0 {
			g.Suspended = append(g.Suspended, p)
		}
		if a.Kind == rc.ActResumeProcesses && i >= 0 {
			g.Suspended = slices.Delete(g.Suspended, i, i+1)
		}
	}
	sort.Strings(g.Suspended)
}

func (w *world) setWeights(a rc.Action) error {
	same := func(m map[string]int) bool {
		for tg, v := range m {
			if w.weights[tg] != v {
				return false
			}
		}
		return true
	}
	if same(a.Weights) {
		return nil
	}
	if a.ExpectWeights != nil && !same(a.ExpectWeights) {
		return fmt.Errorf("weights %v, expected %v", w.weights, a.ExpectWeights)
	}
	for tg, v := range a.Weights {
		w.weights[tg] = v
	}
	return nil
}

// boot brings every group to its desired size, healthy unless its AMI is bad.
func (w *world) boot() {
	for name, g := range w.groups {
		if g.Deleting {
			continue
		}
		g.Instances, g.InService = g.Capacity.Desired, g.Capacity.Desired
		w.healthy[name] = g.Capacity.Desired
		if w.bad[g.AMI] {
			w.healthy[name] = 0
		}
	}
}

// gc makes deleted groups disappear, as AWS does once they drain.
func (w *world) gc() {
	for name, g := range w.groups {
		if g.Deleting {
			delete(w.groups, name)
			delete(w.healthy, name)
		}
	}
}

// heal makes every instance of a good AMI healthy again.
func (w *world) heal() {
	for name, g := range w.groups {
		if !g.Deleting && !w.bad[g.AMI] {
			w.healthy[name] = g.InService
		}
	}
}

func (w *world) snapshot() invariant.Snapshot {
	o := w.observe()
	healthy := map[string]int{}
	for tg, h := range o.Health {
		healthy[tg] = h.Healthy
	}
	scaled := map[string]string{}
	for g, sc := range o.Scaling {
		scaled[g] = sc.Fingerprint
	}
	var missing []string
	for _, a := range w.spec.Alarms {
		if _, ok := w.alarms[a]; !ok {
			missing = append(missing, a)
		}
	}
	return invariant.Snapshot{Spec: w.spec, Rollout: o.Rollout, Weights: o.Weights, Healthy: healthy, Groups: o.Groups,
		Scaling: scaled, MissingAlarms: missing}
}
