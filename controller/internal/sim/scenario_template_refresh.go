package sim

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// TemplateRefresh plays a launch template change on the live service:
// a refresh with nothing changed starts nothing; after the template gets
// a new default version, a refresh rolls the live AMI out once, onto that
// version; a second refresh starts nothing again.
func TemplateRefresh() []Act {
	var version int64
	return []Act{
		refreshNoop(ScTemplateRefresh + "_nothing_changed"),
		{Name: ScTemplateRefresh, Expect: api.PhaseComplete,
			Begin: func(ctx context.Context, w *World) error {
				version = w.Cloud.NewDefaultVersion(w.Spec.LaunchTemplateID, "sim: a new instance type")
				return w.Refresh(ctx)
			},
			Done: func(_ *World, r *api.Rollout) bool { return r.AMI == AMIs[0] && r.SourceVersion == version },
			Check: func(w *World, r *api.Rollout) error {
				return onlyRolloutFrom(w, version)
			}},
		refreshNoop(ScTemplateRefresh + "_again"),
	}
}

// refreshNoop asks for a refresh that must be declined without a rollout.
func refreshNoop(name string) Act {
	return Act{Name: name, Expect: api.PhaseComplete, NoRollout: true,
		Begin: func(ctx context.Context, w *World) error { return w.Refresh(ctx) },
		Done:  func(*World, *api.Rollout) bool { return true },
		Check: func(w *World, r *api.Rollout) error {
			d, _, err := w.Store.Desired(context.Background(), w.Spec.Name)
			if err != nil {
				return err
			}
			if r.Declined == nil || r.Declined.RequestID != d.RequestID {
				return fmt.Errorf("refresh %s was not declined (record %s, declined %+v)", d.RequestID, r.ID, r.Declined)
			}
			return nil
		}}
}

// onlyRolloutFrom checks that exactly one rollout launched from template
// version v, and that it completed.
func onlyRolloutFrom(w *World, v int64) error {
	hist, err := w.Store.History(context.Background(), w.Spec.Name)
	if err != nil {
		return err
	}
	n := 0
	for _, h := range hist {
		if h.SourceVersion == v {
			n++
			if h.Phase != api.PhaseComplete {
				return fmt.Errorf("rollout %s from version %d ended %s", h.ID, v, h.Phase)
			}
		}
	}
	if n != 1 {
		return fmt.Errorf("%d rollouts launched from template version %d, want exactly 1", n, v)
	}
	return nil
}
