package observe

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Observer reads one service's world. It holds no state between passes.
type Observer struct {
	Clients awsapi.Clients
	Store   consulkv.Store
	// Clock places the analysis window; nil reads no metrics (a status
	// view, a plan).
	Clock clock.Clock
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
	if rec == nil && obs.HistorySeq > 0 {
		if obs.Rollout, err = o.newestHistory(ctx, svc); err != nil {
			return obs, err
		}
		rec = obs.Rollout
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
		if err := o.fetchAlarms(ctx, spec.Alarms, obs); err != nil {
			return err
		}
	}
	if needs.DefaultVersion && spec.LaunchTemplateID != "" {
		if obs.DefaultVersion, err = ReadDefaultVersion(ctx, o.Clients.EC2, spec.LaunchTemplateID); err != nil {
			return err
		}
		obs.DefaultVersionKnown = true
	}
	if err := o.readScalingOf(ctx, needs.Scaling, obs); err != nil {
		return err
	}
	if needs.LaunchTemplates && spec.LaunchTemplateID != "" {
		obs.LaunchTemplates, err = readLaunchTemplates(ctx, o.Clients.EC2, spec.LaunchTemplateID)
		if err != nil {
			return err
		}
		obs.LaunchTemplatesKnown = true
	}
	return o.fetchVerify(ctx, d, needs, obs)
}

// newestHistory stands in for a rollout record deleted by hand: the newest
// finished rollout, so a request it served (failed included) is never run
// again, and the next write re-creates the key (index 0).
func (o *Observer) newestHistory(ctx context.Context, svc string) (*api.Rollout, error) {
	hist, err := o.Store.History(ctx, svc)
	if err != nil {
		return nil, fmt.Errorf("read history of %q: %w", svc, err)
	}
	if len(hist) == 0 {
		return nil, nil
	}
	r := hist[0]
	return &r, nil
}

// fetchAlarms reads the alarms' states. Access denied is a final answer
// the gates act on (alarms fail closed); any other error fails the pass.
func (o *Observer) fetchAlarms(ctx context.Context, names []string, obs *reconcile.Observed) error {
	states, err := ReadAlarms(ctx, o.Clients.CloudWatch, names)
	if awsapi.IsClass(err, awsapi.ClassAccessDenied) {
		obs.AlarmsError = awsapi.Explain("DescribeAlarms", err).Error()
		obs.AlarmsKnown = true
		return nil
	}
	if err != nil {
		return err
	}
	obs.Alarms, obs.AlarmsKnown = states, true
	return nil
}
