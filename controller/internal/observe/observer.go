package observe

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Observer reads one service's world. It holds no state between passes.
type Observer struct {
	Clients awsapi.Clients
	Store   consulkv.Store
}

// Observe returns the snapshot Decide needs for d.Spec's service: the rollout
// record and history seq always, and from AWS only what reconcile.NeedsFor
// says. Any failed read fails the whole snapshot (the pass is retried later).
func (o *Observer) Observe(ctx context.Context, d reconcile.Desired) (reconcile.Observed, error) {
	svc := d.Spec.Name
	obs := reconcile.Observed{Service: svc}
	rec, idx, err := o.Store.Rollout(ctx, svc)
	if err != nil {
		return obs, fmt.Errorf("read rollout record of %q: %w", svc, err)
	}
	obs.Rollout, obs.RolloutIndex = rec, idx
	if obs.HistorySeq, err = o.Store.LatestHistorySeq(ctx, svc); err != nil {
		return obs, fmt.Errorf("read history seq of %q: %w", svc, err)
	}
	needs := reconcile.NeedsFor(rec, d)
	if err := o.fetch(ctx, d, needs, &obs); err != nil {
		return obs, err
	}
	return obs, nil
}

// fetch fills the AWS parts of obs that needs asks for.
func (o *Observer) fetch(ctx context.Context, d reconcile.Desired, needs reconcile.Needs, obs *reconcile.Observed) error {
	spec := d.Spec
	var err error
	if needs.Groups {
		if obs.Groups, err = listGroups(ctx, o.Clients.AutoScaling, spec.Name); err != nil {
			return err
		}
		obs.GroupsKnown = true
	}
	if needs.Weights {
		obs.Weights, err = ReadWeights(ctx, o.Clients.ELBv2, spec.ListenerARN, spec.RuleARN, spec.TargetGroups)
		if err != nil {
			return err
		}
		obs.WeightsKnown = true
	}
	if len(needs.Health) > 0 {
		if obs.Health, err = readHealth(ctx, o.Clients.ELBv2, needs.Health); err != nil {
			return err
		}
	}
	if needs.Alarms && len(spec.Alarms) > 0 {
		if obs.Alarms, err = readAlarms(ctx, o.Clients.CloudWatch, spec.Alarms); err != nil {
			return err
		}
		obs.AlarmsKnown = true
	}
	if needs.LaunchTemplates && spec.LaunchTemplateID != "" {
		obs.LaunchTemplates, err = readLaunchTemplates(ctx, o.Clients.EC2, spec.LaunchTemplateID)
		if err != nil {
			return err
		}
		obs.LaunchTemplatesKnown = true
	}
	return nil
}
