package sim

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/invariant"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Snapshot is the service as the cloud's ground truth and the store show it:
// groups, weights and health from simaws's Truth, the spec's alarms that do
// not exist, and (for a world whose profile has scaling) what each group
// carries of scaling policies and scheduled actions, read through the API
// as the world's own calls. A read that fails is kept for ReadProblem and
// leaves its group out of Scaling.
func (w *World) Snapshot(ctx context.Context) invariant.Snapshot {
	t := w.Cloud.Truth()
	s := invariant.Snapshot{
		Spec: w.Spec, Rollout: w.Record(ctx),
		Weights: map[string]int{}, Healthy: map[string]int{},
		MissingAlarms: missingAlarms(w.Spec.Alarms, t.Alarms),
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
	if w.readScaling {
		s.Scaling = w.scalingOf(ctx, s.Groups)
	}
	return s
}

// missingAlarms are the names in want that exist nowhere in have.
func missingAlarms(want []string, have map[string]string) []string {
	var out []string
	for _, name := range want {
		if _, ok := have[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// scalingOps are every operation through which simaws changes what a
// group carries of scaling policies, scheduled actions and their alarms
// (it never changes them by itself); while their counts stand still, a
// group's scaling reads the same as last time.
var scalingOps = []string{
	"CreateAutoScalingGroup", "DeleteAutoScalingGroup", "PutScalingPolicy", "DeletePolicy",
	"PutScheduledUpdateGroupAction", "DeleteScheduledAction", "PutMetricAlarm", "DeleteAlarms",
}

// scalingOf returns the fingerprint of every non-deleting group's scaling,
// read again only when one of scalingOps was called since the last read.
func (w *World) scalingOf(ctx context.Context, groups []reconcile.Group) map[string]string {
	calls := w.Cloud.Calls()
	key := make([]int, len(scalingOps))
	for i, op := range scalingOps {
		key[i] = calls[op]
	}
	if !slices.Equal(key, w.scalingKey) {
		w.scalingKey, w.scaling = key, map[string]string{}
	}
	out := map[string]string{}
	for _, g := range groups {
		if g.Deleting {
			continue
		}
		if fp, ok := w.scaling[g.Name]; ok {
			out[g.Name] = fp
			continue
		}
		fp, err := w.readScalingOf(ctx, g.Name)
		if err != nil {
			if w.readErr == nil {
				w.readErr = err
			}
			continue
		}
		w.scaling[g.Name], out[g.Name] = fp, fp
	}
	return out
}

// readScalingOf reads the fingerprint of one group's scaling as the
// world's own calls.
func (w *World) readScalingOf(ctx context.Context, group string) (string, error) {
	var fp string
	err := w.own(func() error {
		cfg, _, err := observe.ReadScaling(ctx, w.Cloud.Clients(), group)
		fp = cfg.Fingerprint()
		return err
	})
	if err != nil {
		return "", fmt.Errorf("read the scaling of %s: %w", group, err)
	}
	return fp, nil
}

// ReadProblem returns, once, the first ground-truth read that failed since
// it was last asked: a snapshot with a hole in it checks less than it
// claims, so the driver reports it.
func (w *World) ReadProblem() error {
	err := w.readErr
	w.readErr = nil
	return err
}
