package observe

import (
	"context"
	"fmt"

	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// fetchVerify fills what verifying and the analysis need: the test
// listener's forward, the stored hook results, and the metrics of the
// analysis window that is due (when the Observer has a clock).
func (o *Observer) fetchVerify(ctx context.Context, d reconcile.Desired, needs reconcile.Needs, obs *reconcile.Observed) error {
	spec := d.Spec
	var err error
	if needs.TestWeights && (spec.TestListenerARN != "" || spec.TestRuleARN != "") {
		obs.TestWeights, err = ReadWeights(ctx, o.Clients.ELBv2, spec.TestListenerARN, spec.TestRuleARN, spec.TargetGroups)
		if err != nil {
			return fmt.Errorf("read the test listener: %w", err)
		}
		obs.TestWeightsKnown = true
	}
	if needs.Checks {
		if obs.Checks, _, err = o.Store.Checks(ctx, spec.Name); err != nil {
			return fmt.Errorf("read the hook results of %q: %w", spec.Name, err)
		}
		obs.ChecksKnown = true
	}
	if needs.Metrics && o.Clock != nil {
		return o.fetchMetrics(ctx, d, obs)
	}
	return nil
}

// fetchMetrics reads the metrics of the analysis window due now, if any.
func (o *Observer) fetchMetrics(ctx context.Context, d reconcile.Desired, obs *reconcile.Observed) error {
	r := obs.Rollout
	from, to, ok := reconcile.AnalysisWindow(d.Spec, r, o.Clock.Now(), d.Tuning)
	if !ok {
		return nil
	}
	pct := 99.0
	if l := d.Spec.Analysis.Latency; l != nil && l.Percentile > 0 {
		pct = l.Percentile
	}
	samples, err := ReadTargetGroupMetrics(ctx, o.Clients.CloudWatch, d.Spec.ListenerARN,
		[]string{r.FromTargetGroup, r.ToTargetGroup}, from, to, pct)
	if err != nil {
		return fmt.Errorf("read the analysis metrics of %q: %w", d.Spec.Name, err)
	}
	obs.Metrics = &reconcile.MetricWindow{From: from, To: to, Samples: samples}
	return nil
}
