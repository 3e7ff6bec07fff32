package analysis

import (
	"fmt"
	"math"

	"github.com/asgctl/asgctl/controller/api"
)

// inconclusive says why the window cannot be judged, or "" when it can: a
// sample that cannot be right, too little traffic, a missing latency
// datapoint, or no check configured.
func inconclusive(a api.Analysis, blue, green api.MetricSample) string {
	if a.ErrorRate == nil && a.Latency == nil {
		return "the analysis has neither an error-rate nor a latency check"
	}
	for _, g := range []struct {
		name string
		s    api.MetricSample
	}{{"green", green}, {"blue", blue}} {
		if why := badSample(g.name, g.s); why != "" {
			return why
		}
	}
	need := max(int64(a.MinRequests), 1)
	if green.Requests < need || blue.Requests < need {
		return fmt.Sprintf("green served %d requests, blue %d; %d each are needed",
			green.Requests, blue.Requests, need)
	}
	if l := a.Latency; l != nil {
		if why := missingLatency(*l, blue, green); why != "" {
			return why
		}
	}
	return ""
}

// maxRequests bounds the requests of a window (2^50, about 10^15, far more
// than a load balancer serves in ten minutes) so that counts stay exact in
// floating point and their sums cannot overflow.
const maxRequests = 1 << 50

// badSample names what cannot be right in group's sample, or "".
func badSample(group string, s api.MetricSample) string {
	switch {
	case s.Requests < 0 || s.Requests > maxRequests:
		return fmt.Sprintf("%s reports %d requests", group, s.Requests)
	case s.Errors < 0:
		return fmt.Sprintf("%s reports %d errors", group, s.Errors)
	case s.Errors > s.Requests:
		return fmt.Sprintf("%s reports %d errors out of %d requests", group, s.Errors, s.Requests)
	case s.LatencyMs != nil && (math.IsNaN(*s.LatencyMs) || math.IsInf(*s.LatencyMs, 0) || *s.LatencyMs < 0):
		return fmt.Sprintf("%s reports a latency of %v ms", group, *s.LatencyMs)
	}
	return ""
}

// missingLatency names the groups without a latency datapoint, or "".
func missingLatency(l api.LatencyCheck, blue, green api.MetricSample) string {
	var which string
	switch {
	case blue.LatencyMs == nil && green.LatencyMs == nil:
		which = "either group"
	case green.LatencyMs == nil:
		which = "green"
	case blue.LatencyMs == nil:
		which = "blue"
	default:
		return ""
	}
	return fmt.Sprintf("no latency %s datapoint for %s", percentileName(l.Percentile), which)
}
