package reconcile

import (
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// withScaling adds a request-count target tracking policy and a schedule
// to a desired state's spec.
func withScaling(d func() Desired) func() Desired {
	return func() Desired {
		out := d()
		out.Spec.ScalingPolicies = []api.ScalingPolicy{{Name: "rps", TargetTracking: &api.TargetTracking{Metric: api.MetricRequestsPerTarg, Target: 500}}}
		six := 6
		out.Spec.ScheduledActions = []api.ScheduledAction{{Name: "am", Recurrence: "0 8 * * *", Desired: &six}}
		return out
	}
}

func TestDecideScaling(t *testing.T) {
	scaled := withScaling(func() Desired { return desired(request("r1", amiOld)) })
	draining := func(fp string) func() Observed {
		return func() Observed {
			o := rolling(api.PhaseDraining, 3)
			o.Groups[0] = withSuspended(Group{Name: "web-v001", Seq: 1, AMI: amiOld, Capacity: api.Capacity{Max: 8}, TargetGroups: []string{tgA}})
			o.Groups[1].Suspended, o.Groups[1].Capacity.Min = nil, 2
			if fp != "" {
				o.Scaling = map[string]GroupScaling{"web-v002": {Fingerprint: fp}}
			}
			return o
		}
	}
	wantGreen := scalingMark(scaled().Spec, "web-v002", tgB)
	fpGreen := wantGreen[len("web-v002 "):]
	runCases(t, []tcase{
		{name: "draining does not complete before green was seen with the spec's scaling", obs: draining(""),
			des: withScaling(promoteReq), phase: api.PhaseDraining, reason: "scaling policies"},
		{name: "draining puts the spec's scaling when green differs", obs: draining("other"),
			des: withScaling(promoteReq), phase: api.PhaseDraining, kinds: []ActionKind{ActPutScaling}},
		{name: "draining completes once green matches, noting it", obs: draining(fpGreen),
			des: withScaling(promoteReq), phase: api.PhaseComplete, kinds: []ActionKind{ActWriteRollout},
			check: func(t *testing.T, p Plan) {
				if r := written(p); r.LiveScaling != wantGreen {
					t.Errorf("live scaling %q, want %q", r.LiveScaling, wantGreen)
				}
			}},
		{name: "a spec change reaches the live group without a rollout", obs: func() Observed {
			o := live()
			o.Scaling = map[string]GroupScaling{"web-v001": {Fingerprint: "old"}}
			return o
		}, des: scaled, phase: api.PhaseComplete, kinds: []ActionKind{ActPutScaling},
			check: func(t *testing.T, p Plan) {
				if a := find(p, ActPutScaling); a.Group != "web-v001" || a.Scaling.Policies[0].ResourceLabel != "app/web/1111/targetgroup/web-a/aaaa" {
					t.Errorf("put %s %+v", a.Group, a.Scaling)
				}
			}},
		{name: "an idle service whose record notes a match describes nothing and does nothing", obs: live,
			des: func() Desired { return desired(request("r1", amiOld)) }, phase: api.PhaseComplete},
	})
}

func TestNeedsScaling(t *testing.T) {
	d := withScaling(func() Desired { return desired(request("r1", amiOld)) })()
	if n := NeedsFor(live().Rollout, d); len(n.Scaling) != 1 || n.Scaling[0] != "web-v001" {
		t.Errorf("needs %+v: a spec change must read the live group's scaling", n)
	}
	if n := NeedsFor(live().Rollout, desired(request("r1", amiOld))); len(n.Scaling) != 0 {
		t.Errorf("needs %+v: a noted match reads nothing", n)
	}
	r := rolling(api.PhaseDraining, 3).Rollout
	if n := NeedsFor(r, d); len(n.Scaling) != 1 || n.Scaling[0] != "web-v002" {
		t.Errorf("needs %+v: draining reads green's scaling", n)
	}
	r.Phase = api.PhasePaused
	if n := NeedsFor(r, d); len(n.Scaling) != 0 {
		t.Errorf("needs %+v: a pause reads no scaling", n)
	}
}
