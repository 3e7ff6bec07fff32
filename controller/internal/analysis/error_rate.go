package analysis

import (
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
)

// judgeErrorRate runs the error-rate test on valid samples with requests on
// both sides and returns its outcome and p-value. It fails when the
// p-value is below 1 − Confidence.
func judgeErrorRate(e api.ErrorRateCheck, blue, green api.MetricSample) (check, float64) {
	p := errorRatePValue(green.Errors, green.Requests, blue.Errors, blue.Requests, e.Margin)
	alpha := 1 - e.Confidence
	margin := ""
	if e.Margin > 0 {
		margin = " + " + formatRate(e.Margin) + " margin"
	}
	if p < alpha {
		return check{failed: true, text: fmt.Sprintf("error rate: green %s (%d/%d) vs blue %s (%d/%d)%s, p=%s < %s",
			formatErrorRate(green), green.Errors, green.Requests,
			formatErrorRate(blue), blue.Errors, blue.Requests, margin,
			formatP(p), formatP(alpha))}, p
	}
	return check{text: fmt.Sprintf("error rate: green %s vs blue %s%s, p=%s",
		formatErrorRate(green), formatErrorRate(blue), margin, formatP(p))}, p
}
