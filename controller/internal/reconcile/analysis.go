package reconcile

import (
	"fmt"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/analysis"
)

// AnalysisActive reports whether rollout r compares green with blue now:
// the spec asks for it, there is a blue, and the step it holds gives both
// traffic (not a one-step rollback, not the last 100 % step).
func AnalysisActive(spec api.ServiceSpec, r *api.Rollout) bool {
	if spec.Analysis == nil || r == nil || r.FromTargetGroup == "" || r.OneStep {
		return false
	}
	if r.Step < 1 || r.Step > len(spec.Steps) {
		return false
	}
	w := spec.Steps[r.Step-1].Weight
	return w > 0 && w < 100
}

// AnalysisWindow is the next window to judge for r at now: the latest
// whole interval, aligned to the interval as CloudWatch aligns its
// periods, that ended MetricsDelay before now, began after the step's
// weights were written, and began at or after the end of the last verdict.
// ok is false when there is none yet. Observe reads the metrics of this
// window; Decide judges them.
func AnalysisWindow(spec api.ServiceSpec, r *api.Rollout, now time.Time, t Tuning) (from, to time.Time, ok bool) {
	if r == nil || r.Phase != api.PhasePaused || !AnalysisActive(spec, r) {
		return time.Time{}, time.Time{}, false
	}
	iv := spec.Analysis.Interval.D()
	if iv <= 0 {
		iv = api.DefaultAnalysisInterval
	}
	to = now.Add(-t.WithDefaults().metricsDelay()).Truncate(iv)
	from = to.Add(-iv)
	if from.Before(r.WeightsAt) {
		return time.Time{}, time.Time{}, false
	}
	if v, has := lastVerdict(r); has && from.Before(v.To) {
		return time.Time{}, time.Time{}, false
	}
	return from, to, true
}

// lastVerdict is r's latest verdict.
func lastVerdict(r *api.Rollout) (api.Verdict, bool) {
	if r.Analysis == nil || len(r.Analysis.Verdicts) == 0 {
		return api.Verdict{}, false
	}
	return r.Analysis.Verdicts[len(r.Analysis.Verdicts)-1], true
}

// judge gives a verdict on the window observe read, when it is the next
// one for r, and records it; reverts when FailureLimit verdicts in a row
// failed. It reports whether it reverted.
func (b *builder) judge(r *api.Rollout) bool {
	w := b.o.Metrics
	if w == nil || !AnalysisActive(b.d.Spec, r) || w.From.Before(r.WeightsAt) {
		return false
	}
	if v, has := lastVerdict(r); has && w.From.Before(v.To) {
		return false
	}
	a := *b.d.Spec.Analysis
	v := analysis.Judge(a, w.Samples[r.FromTargetGroup], w.Samples[r.ToTargetGroup])
	v.Step, v.From, v.To = r.Step, w.From, w.To
	rec := r.Analysis
	if rec == nil {
		rec = &api.AnalysisRecord{}
		r.Analysis = rec
	}
	rec.Verdicts = append(rec.Verdicts, v)
	if n := len(rec.Verdicts); n > api.MaxVerdicts {
		rec.Verdicts = append([]api.Verdict(nil), rec.Verdicts[n-api.MaxVerdicts:]...)
	}
	if v.Result == api.VerdictFail {
		rec.Failures++
	} else {
		rec.Failures = 0
	}
	b.dirty = true
	if rec.Failures >= a.FailureLimit {
		b.revert(fmt.Sprintf("analysis failed %d interval(s) in a row at step %d: %s", rec.Failures, r.Step, v.Reason))
		return true
	}
	return false
}

// analysisHold says why a step whose pause is over must not move on yet,
// or "": the analysis has no passing verdict at this step and has not
// given InconclusiveLimit verdicts since the pause ended. At the limit,
// on_inconclusive "revert" reverts (revert true) and "continue" lets the
// step move on.
func (b *builder) analysisHold(r *api.Rollout, pauseEnd time.Time) (why string, revert bool) {
	if !AnalysisActive(b.d.Spec, r) {
		return "", false
	}
	a := b.d.Spec.Analysis
	latest, extra := "", 0
	last := api.Verdict{}
	if r.Analysis != nil {
		for _, v := range r.Analysis.Verdicts {
			if v.Step != r.Step || v.From.Before(r.WeightsAt) {
				continue
			}
			latest, last = v.Result, v
			if v.To.After(pauseEnd) {
				extra++
			}
		}
	}
	switch {
	case latest == api.VerdictPass:
		return "", false
	case extra < a.InconclusiveLimit:
		if latest == "" {
			return fmt.Sprintf("step %d: waiting for the analysis's first verdict", r.Step), false
		}
		return fmt.Sprintf("step %d held: analysis %s (%d of %d extra intervals): %s", r.Step, latest, extra, a.InconclusiveLimit, last.Reason), false
	case a.OnInconclusive == api.OnInconclusiveRevert:
		return fmt.Sprintf("analysis gave no passing verdict at step %d within %d extra intervals: %s", r.Step, extra, last.Reason), true
	}
	return "", false
}
