package reconcile

import (
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/scaling"
)

// The controller owns the scaling policies and scheduled actions of the
// groups it launches: it puts the spec's on green at launch (while the
// rollout's processes are suspended, so they cannot act), makes sure the
// live group carries exactly the spec's before a rollout completes, and
// again whenever the spec changes. The record's LiveScaling remembers the
// last match, so an idle service describes nothing.

// scalingWant is what group g, attached to target group tg, must carry.
func (b *builder) scalingWant(group, tg string) (scaling.Config, bool) {
	c, err := scaling.Want(b.d.Spec, group, tg)
	if err != nil {
		b.reason = "scaling policies cannot be put on " + group + ": " + err.Error()
		return scaling.Config{}, false
	}
	return c, true
}

// putScaling asks for group's policies and actions to be exactly the spec's.
func (b *builder) putScaling(group, tg string) {
	if c, ok := b.scalingWant(group, tg); ok {
		b.add(Action{Kind: ActPutScaling, Group: group, Scaling: &c})
	}
}

// scalingSettled makes sure group carries the spec's policies and actions
// and reports whether it was seen to, recording the match in r. When the
// group was not read this pass it reports false (NeedsFor asks for it).
func (b *builder) scalingSettled(r *api.Rollout, group, tg string) bool {
	if g, ok := b.group(group); !ok || g.Deleting {
		return true // nothing to put them on
	}
	want, ok := b.scalingWant(group, tg)
	if !ok {
		return true // a spec problem must not hold a rollout or housekeeping
	}
	mark := liveScalingMark(group, want)
	if r.LiveScaling == mark {
		return true
	}
	have, read := b.o.Scaling[group]
	if !read {
		return false
	}
	if have.Fingerprint != want.Fingerprint() {
		b.add(Action{Kind: ActPutScaling, Group: group, Scaling: &want})
		return false
	}
	r.LiveScaling = mark
	b.dirty = true
	b.after(0) // a pass that only notes it: look again at once, so it is seen settled
	return true
}

// liveScalingMark is the record's note that group carries want.
func liveScalingMark(group string, want scaling.Config) string {
	return group + " " + want.Fingerprint()
}

// scalingUnsettled reports whether a live group's scaling must be read:
// the record does not note a match with the spec.
func scalingUnsettled(r *api.Rollout, spec api.ServiceSpec, group, tg string) bool {
	if group == "" {
		return false
	}
	want, err := scaling.Want(spec, group, tg)
	return err == nil && r.LiveScaling != liveScalingMark(group, want)
}
