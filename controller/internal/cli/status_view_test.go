package cli

import (
	"testing"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

func TestStatusView(t *testing.T) {
	spec := api.ServiceSpec{Name: "web", TargetGroups: []string{"tg-a", "tg-b"}, Steps: api.DefaultSteps}
	groups := []reconcile.Group{
		{Name: "web-v001", AMI: amiA, TargetGroups: []string{"tg-a"}, Capacity: api.Capacity{Desired: 2}},
		{Name: "web-v002", AMI: amiB, TargetGroups: []string{"tg-b"}, Capacity: api.Capacity{Desired: 2}},
	}
	obs := func(r *api.Rollout, w map[string]int) reconcile.Observed {
		return reconcile.Observed{Rollout: r, Groups: groups, GroupsKnown: true, Weights: w, WeightsKnown: true}
	}
	cases := []struct {
		name                 string
		st                   serviceState
		o                    reconcile.Observed
		phase                api.Phase
		step                 int
		ami, live, pendingAM string
	}{
		{name: "adopted, no record", o: obs(nil, map[string]int{"tg-a": 100}), phase: api.PhaseIdle, ami: amiA, live: "web-v001"},
		{name: "complete", st: serviceState{Rollout: rec(2, amiB, api.PhaseComplete)},
			o: obs(rec(2, amiB, api.PhaseComplete), map[string]int{"tg-b": 100}), phase: api.PhaseComplete, ami: amiB, live: "web-v002"},
		{name: "shifting: blue still live", st: serviceState{Rollout: at(rec(2, amiB, api.PhaseShifting), 1)},
			o: obs(rec(2, amiB, api.PhaseShifting), map[string]int{"tg-a": 90, "tg-b": 10}), phase: api.PhaseShifting, step: 1, ami: amiB, live: "web-v001"},
		{name: "pending request", st: serviceState{Rollout: rec(2, amiB, api.PhaseComplete), Desired: req("r9", amiC)},
			o: obs(rec(2, amiB, api.PhaseComplete), map[string]int{"tg-b": 100}), phase: api.PhaseComplete, ami: amiB, live: "web-v002", pendingAM: amiC},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := statusView(spec, c.st, c.o)
			pending := ""
			if d.Pending != nil {
				pending = d.Pending.AMI
			}
			if d.Phase != c.phase || d.Step != c.step || d.AMI != c.ami || d.LiveGroup != c.live || pending != c.pendingAM {
				t.Fatalf("view %+v", d)
			}
			if len(d.Weights) != 2 {
				t.Fatalf("weights %v: want an entry per target group", d.Weights)
			}
		})
	}
}
