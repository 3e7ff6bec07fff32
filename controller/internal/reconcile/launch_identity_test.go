package reconcile

import (
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/api"
)

// tagged is live() whose group records launching from template version 7
// with the test spec's launch settings, the template's default now being
// def.
func tagged(def int64) func() Observed {
	return func() Observed {
		o := live()
		o.Groups[0].SourceVersion, o.Groups[0].LaunchDigest = 7, LaunchDigest(testSpec())
		o.DefaultVersionKnown, o.DefaultVersion = true, def
		return o
	}
}

func refresh(id string) func() Desired {
	return func() Desired {
		d := desired(request(id, amiOld))
		d.Request.Refresh = true
		return d
	}
}

func TestDecideLaunchIdentity(t *testing.T) {
	runCases(t, []tcase{
		{name: "a refresh with nothing changed is declined", obs: tagged(7), des: refresh("f1"),
			phase: api.PhaseComplete, kinds: []ActionKind{ActWriteRollout}, reason: "from launch template version 7"},
		{name: "a new default template version rolls the live AMI out once", obs: tagged(9), des: refresh("f1"),
			phase: api.PhaseLaunching, kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion},
			check: func(t *testing.T, p Plan) {
				r, a := written(p), find(p, ActCreateLTVersion)
				if !strings.Contains(r.Reason, "web-v001 runs launch template version 7, the default is 9") {
					t.Errorf("reason %q does not say why", r.Reason)
				}
				if r.SourceVersion != 9 || r.AMI != amiOld || a.SourceVersion != "9" || !strings.HasSuffix(a.Description, "from version 9") {
					t.Errorf("record %+v, action %+v: want the new version made from 9", r, a)
				}
			}},
		{name: "a plain promote of the live AMI sees the new default too", obs: tagged(9),
			des: func() Desired { return desired(request("r9", amiOld)) }, phase: api.PhaseLaunching,
			kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion}},
		{name: "a changed launch setting in the spec rolls out", obs: tagged(7), des: func() Desired {
			d := refresh("f1")()
			d.Spec.Subnets = append(d.Spec.Subnets, "subnet-3")
			return d
		}, phase: api.PhaseLaunching, kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion},
			check: func(t *testing.T, p Plan) {
				if r := written(p); !strings.Contains(r.Reason, "other spec launch settings") {
					t.Errorf("reason %q does not say why", r.Reason)
				}
			}},
		{name: "an untagged group counts as current for a plain request", obs: func() Observed {
			o := tagged(9)()
			o.Groups[0].SourceVersion = 0
			return o
		}, des: func() Desired { return desired(request("r9", amiOld)) }, phase: api.PhaseComplete, kinds: []ActionKind{ActWriteRollout}},
		{name: "an untagged group is refreshed when asked", obs: func() Observed {
			o := tagged(9)()
			o.Groups[0].SourceVersion = 0
			return o
		}, des: refresh("f1"), phase: api.PhaseLaunching, kinds: []ActionKind{ActWriteRollout, ActCreateLTVersion}},
	})
}

func TestLaunchDigest(t *testing.T) {
	base := testSpec()
	same := base
	same.Subnets = []string{base.Subnets[1], base.Subnets[0]}
	same.Capacity.Desired = 7
	same.Steps = []api.Step{{Weight: 100}}
	if LaunchDigest(base) != LaunchDigest(same) {
		t.Error("subnet order, capacity or steps changed the launch digest")
	}
	for name, edit := range map[string]func(*api.ServiceSpec){
		"subnets":        func(s *api.ServiceSpec) { s.Subnets = s.Subnets[:1] },
		"tags":           func(s *api.ServiceSpec) { s.Tags = map[string]string{"team": "a"} },
		"lifecycle hook": func(s *api.ServiceSpec) { s.LifecycleHook = "ready" },
		"grace period":   func(s *api.ServiceSpec) { s.HealthCheckGracePeriod = api.Duration(90e9) },
		"warmup":         func(s *api.ServiceSpec) { s.InstanceWarmup = api.Duration(30e9) },
	} {
		s := testSpec()
		edit(&s)
		if LaunchDigest(s) == LaunchDigest(base) {
			t.Errorf("changing %s did not change the launch digest", name)
		}
	}
}

func TestNeedsDefaultVersionBeforeStart(t *testing.T) {
	if n := NeedsFor(live().Rollout, refresh("f1")()); !n.DefaultVersion {
		t.Errorf("needs %+v: a pending refresh reads the template's default version", n)
	}
	if n := NeedsFor(live().Rollout, desired(request("r1", amiOld))); n.DefaultVersion {
		t.Errorf("needs %+v: nothing pending reads no template", n)
	}
}
