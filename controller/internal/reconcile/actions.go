package reconcile

import (
	"strconv"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// setWeights asks for target weights, re-checking green's health first when
// the change raises green's share. It returns false (and starts a revert)
// when green is not fit for more traffic.
func (b *builder) setWeights(r *api.Rollout, want map[string]int) bool {
	if b.weightsEqual(want) {
		return true
	}
	if want[r.ToTargetGroup] > b.o.Weights[r.ToTargetGroup] {
		if ok, why := b.greenReady(r); !ok {
			b.revert("green not healthy before raising its weight: " + why)
			return false
		}
	}
	b.writeWeights(r, want)
	return true
}

// writeWeights asks for a weight change and notes when, so a later
// read-back is trusted only once it cannot be stale.
func (b *builder) writeWeights(r *api.Rollout, want map[string]int) {
	r.WeightsAt = b.now
	b.dirty = true
	b.add(Action{
		Kind: ActSetWeights, Listener: b.d.Spec.ListenerARN, Rule: b.d.Spec.RuleARN,
		Weights: want, ExpectWeights: b.observedWeights(),
	})
	b.after(b.t.FastPoll)
}

// scale asks for a group's capacity when it differs.
func (b *builder) scale(g Group, c api.Capacity) {
	if g.Capacity == c || g.Deleting {
		return
	}
	cur := g.Capacity
	b.add(Action{Kind: ActUpdateCapacity, Group: g.Name, Capacity: &c, ExpectCapacity: &cur})
}

// suspend makes sure the rollout's processes are suspended on g.
func (b *builder) suspend(g Group) {
	if miss := missingProcesses(g); len(miss) > 0 && !g.Deleting {
		b.add(Action{Kind: ActSuspendProcesses, Group: g.Name, Processes: miss})
	}
}

// resume makes sure the rollout's processes are running on g.
func (b *builder) resume(g Group) {
	if ours := suspendedOurs(g); len(ours) > 0 && !g.Deleting {
		b.add(Action{Kind: ActResumeProcesses, Group: g.Name, Processes: ours})
	}
}

// remove deletes a group asgctl made for this service.
func (b *builder) remove(g Group) {
	if g.Deleting {
		return
	}
	b.add(Action{Kind: ActDeleteGroup, Group: g.Name, Service: b.d.Spec.Name})
}

// createGroup launches green from a pinned launch template version.
func (b *builder) createGroup(r *api.Rollout, version int64) {
	spec := b.d.Spec
	c := launchCapacity(r.Capacity)
	tags := map[string]string{}
	for k, v := range spec.Tags {
		tags[k] = v
	}
	tags[api.TagService] = spec.Name
	tags[api.TagRollout] = r.ID
	tags[api.TagSeq] = strconv.Itoa(r.Seq)
	tags[api.TagAMI] = r.AMI
	if r.SourceVersion > 0 {
		tags[api.TagSourceVersion] = strconv.FormatInt(r.SourceVersion, 10)
	}
	if r.LaunchDigest != "" {
		tags[api.TagLaunch] = r.LaunchDigest
	}
	b.add(Action{
		Kind: ActCreateGroup, Group: r.ToGroup, Service: spec.Name, RolloutID: r.ID, Seq: r.Seq,
		AMI: r.AMI, LaunchTemplateID: spec.LaunchTemplateID,
		LaunchTemplateVersion: strconv.FormatInt(version, 10), Capacity: &c,
		Subnets: spec.Subnets, TargetGroup: r.ToTargetGroup, Tags: tags,
		HealthCheckGracePeriod: time.Duration(spec.HealthCheckGracePeriod), LifecycleHook: spec.LifecycleHook,
		InstanceWarmup: spec.InstanceWarmup.D(),
	})
}

// launchCapacity is green's size while rolling out: min pinned to desired so
// nothing scales it in mid-rollout; restored to c after promotion.
func launchCapacity(c api.Capacity) api.Capacity {
	m := c.Max
	if m < c.Desired {
		m = c.Desired
	}
	return api.Capacity{Min: c.Desired, Max: m, Desired: c.Desired}
}

// zero is a retained group's size: no instances, max kept for a rollback.
func zero(g Group) api.Capacity { return api.Capacity{Max: g.Capacity.Max} }
