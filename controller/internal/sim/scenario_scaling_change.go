package sim

import (
	"context"
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/scaling"
)

// ScalingSpecChange edits the live, idle service's scaling in its spec
// (changedScaling: a new target-tracking target, no scheduled actions)
// and expects the controller to make the live group carry exactly the new
// spec's scaling without starting a rollout. Invariant 8 judges it when
// the act settles; Check also insists the live group was actually read.
func ScalingSpecChange() Act {
	return Act{Name: ScScalingChange, Expect: api.PhaseComplete, NoRollout: true,
		Begin: func(ctx context.Context, w *World) error {
			if len(w.Spec.ScalingPolicies)+len(w.Spec.ScheduledActions) == 0 {
				return errors.New("the profile gives the service no scaling to change")
			}
			return w.EditSpec(ctx, changedScaling)
		},
		Done:  func(*World, *api.Rollout) bool { return true },
		Check: liveCarriesSpec,
	}
}

// liveCarriesSpec reports whether the group r left live carries exactly
// the spec's scaling, as the ground truth shows it.
func liveCarriesSpec(w *World, r *api.Rollout) error {
	if r.Phase != api.PhaseComplete {
		return fmt.Errorf("the last rollout is %s, not complete", r.Phase)
	}
	want, err := scaling.Want(w.Spec, r.ToGroup, r.ToTargetGroup)
	if err != nil {
		return fmt.Errorf("render the spec's scaling for %s: %w", r.ToGroup, err)
	}
	have, ok := w.Snapshot(context.Background()).Scaling[r.ToGroup]
	switch {
	case !ok:
		return fmt.Errorf("the scaling of live group %s was not read", r.ToGroup)
	case have != want.Fingerprint():
		return fmt.Errorf("live group %s does not carry the edited spec's scaling", r.ToGroup)
	}
	return nil
}
