package loop

import (
	"context"
	"log/slog"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// logVerify logs, at info, every analysis verdict and hook result the pass
// recorded that the record it read did not have yet, with their numbers.
func logVerify(ctx context.Context, log *slog.Logger, rep PassReport) {
	written := writtenRecord(rep.Plan)
	if written == nil {
		return
	}
	read := rep.Observed.Rollout
	if read != nil && read.ID != written.ID {
		read = nil
	}
	for _, v := range newVerdicts(read, written) {
		log.InfoContext(ctx, "analysis verdict", "step", v.Step, "result", v.Result, "reason", v.Reason,
			"from", v.From, "to", v.To, "blue_requests", v.Blue.Requests, "blue_errors", v.Blue.Errors,
			"green_requests", v.Green.Requests, "green_errors", v.Green.Errors, "p_value", v.PValue, "latency_ratio", v.LatencyRatio)
	}
	seen := 0
	if read != nil {
		seen = len(read.Checks)
	}
	for _, c := range written.Checks[min(seen, len(written.Checks)):] {
		log.InfoContext(ctx, "verify hook", "stage", c.Stage, "hook", c.Hook, "passed", c.Passed, "took", c.Took.D(), "output", c.Output)
	}
}

// writtenRecord is the rollout record the plan writes, nil when none.
func writtenRecord(p reconcile.Plan) *api.Rollout {
	for _, a := range p.Actions {
		if a.Kind == reconcile.ActWriteRollout {
			return a.Rollout
		}
	}
	return nil
}

// newVerdicts are the verdicts of written that read does not have: those
// after read's latest.
func newVerdicts(read, written *api.Rollout) []api.Verdict {
	if written.Analysis == nil {
		return nil
	}
	vs := written.Analysis.Verdicts
	if read == nil || read.Analysis == nil || len(read.Analysis.Verdicts) == 0 {
		return vs
	}
	last := read.Analysis.Verdicts[len(read.Analysis.Verdicts)-1]
	for i, v := range vs {
		if v.From.After(last.From) {
			return vs[i:]
		}
	}
	return nil
}
