package analysis

import (
	"fmt"
	"math"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// judgeLatency compares green's latency percentile with blue's (both in
// milliseconds, finite and non-negative): it fails when green is above
// MaxRatio × blue + Slack. The ratio green/blue is returned, nil when blue
// is 0 (or so close to 0 that the ratio is infinite).
func judgeLatency(l api.LatencyCheck, blue, green float64) (check, *float64) {
	slack := float64(l.Slack.D()) / float64(time.Millisecond)
	limit := l.MaxRatio*blue + slack
	head := fmt.Sprintf("latency %s: green %s vs blue %s", percentileName(l.Percentile), formatMs(green), formatMs(blue))
	over := green > limit
	ratio := green / blue
	if blue == 0 || math.IsInf(ratio, 0) {
		verb := "within"
		if over {
			verb = "over"
		}
		return check{failed: over, text: fmt.Sprintf("%s, %s the %s slack", head, verb, formatMs(slack))}, nil
	}
	bound := fmt.Sprintf("%s (%s×blue + %s slack)", formatMs(limit), formatNumber(l.MaxRatio), formatMs(slack))
	switch {
	case over:
		return check{failed: true, text: fmt.Sprintf("%s, ratio %s, over %s", head, formatRatio(ratio), bound)}, &ratio
	case ratio <= l.MaxRatio:
		return check{text: fmt.Sprintf("%s, ratio %s ≤ %s", head, formatRatio(ratio), formatNumber(l.MaxRatio))}, &ratio
	default:
		return check{text: fmt.Sprintf("%s, ratio %s, within %s", head, formatRatio(ratio), bound)}, &ratio
	}
}
