package analysis

import (
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// Judge gives the verdict on one window: green against blue under a
// (defaults applied: api.AnalysisWithDefaults). Pure. The returned Verdict
// has Result, Reason, Blue, Green, PValue and LatencyRatio set; the caller
// fills Step, From and To.
//
// It is inconclusive, never fail, when a sample cannot be right (negative
// counts, more errors than requests, a latency that is not a finite
// non-negative number), when either group served fewer than MinRequests
// requests, or when the latency check is on and a group has no latency
// datapoint; PValue and LatencyRatio are then nil. Otherwise it fails when
// any configured check fails, the reason naming each failing check with
// its numbers, and passes with every check's numbers. LatencyRatio stays
// nil when blue's latency is 0 (the ratio is infinite).
func Judge(a api.Analysis, blue, green api.MetricSample) api.Verdict {
	a = *api.AnalysisWithDefaults(&a)
	v := api.Verdict{Blue: cloneSample(blue), Green: cloneSample(green)}
	if why := inconclusive(a, blue, green); why != "" {
		v.Result, v.Reason = api.VerdictInconclusive, "inconclusive: "+why
		return v
	}
	var passed, failed []string
	record := func(c check) {
		if c.failed {
			failed = append(failed, c.text)
		} else {
			passed = append(passed, c.text)
		}
	}
	if e := a.ErrorRate; e != nil {
		c, p := judgeErrorRate(*e, blue, green)
		v.PValue = &p
		record(c)
	}
	if l := a.Latency; l != nil {
		c, ratio := judgeLatency(*l, *blue.LatencyMs, *green.LatencyMs)
		v.LatencyRatio = ratio
		record(c)
	}
	if len(failed) > 0 {
		v.Result, v.Reason = api.VerdictFail, strings.Join(failed, "; ")
	} else {
		v.Result, v.Reason = api.VerdictPass, strings.Join(passed, "; ")
	}
	return v
}

// check is one check's outcome and its one-clause account.
type check struct {
	failed bool
	text   string
}

// cloneSample copies s so the verdict does not share its latency with the
// caller's sample.
func cloneSample(s api.MetricSample) api.MetricSample {
	if s.LatencyMs != nil {
		ms := *s.LatencyMs
		s.LatencyMs = &ms
	}
	return s
}
