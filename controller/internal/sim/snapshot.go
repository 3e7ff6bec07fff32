package sim

import (
	"context"
	"sort"
	"strconv"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/invariant"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Snapshot is the service as the cloud's ground truth and the store show it.
func (w *World) Snapshot(ctx context.Context) invariant.Snapshot {
	t := w.Cloud.Truth()
	s := invariant.Snapshot{
		Spec: w.Spec, Rollout: w.Record(ctx),
		Weights: map[string]int{}, Healthy: map[string]int{},
	}
	for tg, wt := range t.Listeners[w.Spec.ListenerARN] {
		s.Weights[tg] = wt
	}
	for _, tg := range w.Spec.TargetGroups {
		s.Healthy[tg] = t.TargetGroups[tg].Healthy
	}
	for _, g := range t.Groups {
		if g.Tags[api.TagService] != w.Spec.Name {
			continue
		}
		seq, _ := strconv.Atoi(g.Tags[api.TagSeq])
		s.Groups = append(s.Groups, reconcile.Group{
			Name: g.Name, Seq: seq, AMI: g.AMI, Deleting: g.Deleting,
			Capacity:  api.Capacity{Min: g.Min, Max: g.Max, Desired: g.Desired},
			Instances: len(g.Instances), TargetGroups: g.TargetGroups, Suspended: g.Suspended,
		})
	}
	sort.Slice(s.Groups, func(i, j int) bool { return s.Groups[i].Name < s.Groups[j].Name })
	return s
}
