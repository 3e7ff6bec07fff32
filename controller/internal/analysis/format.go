package analysis

import (
	"math"
	"strconv"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// formatErrorRate is s's error rate as a percentage.
func formatErrorRate(s api.MetricSample) string {
	switch s.Errors {
	case 0:
		return "0%"
	case s.Requests:
		return "100%"
	}
	return formatRate(float64(s.Errors) / float64(s.Requests))
}

// formatRate writes a fraction as a percentage with two decimals ("5.10%"),
// or two significant digits below 0.01% ("0.0012%").
func formatRate(r float64) string {
	pct := 100 * r
	if pct != 0 && pct < 0.01 {
		return strconv.FormatFloat(pct, 'g', 2, 64) + "%"
	}
	return strconv.FormatFloat(pct, 'f', 2, 64) + "%"
}

// formatP writes a probability with two significant digits ("0.48",
// "1.2e-13", "1").
func formatP(p float64) string {
	return strconv.FormatFloat(p, 'g', 2, 64)
}

// formatMs writes milliseconds compactly: whole above 100ms, one decimal
// above 10ms, two below ("120ms", "12.3ms", "1.25ms").
func formatMs(ms float64) string {
	switch {
	case ms >= 100:
		return trimmed(ms, 0) + "ms"
	case ms >= 10:
		return trimmed(ms, 1) + "ms"
	}
	return trimmed(ms, 2) + "ms"
}

// formatRatio writes a ratio with at most two decimals ("1.09", "3").
func formatRatio(r float64) string { return trimmed(r, 2) }

// formatNumber writes a setting as given ("1.5").
func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// percentileName is "p99" for 99, "p99.9" for 99.9.
func percentileName(pc float64) string { return "p" + formatNumber(pc) }

// trimmed rounds v to at most decimals places and drops trailing zeros;
// from a million on it keeps three significant digits ("1.23e+06").
func trimmed(v float64, decimals int) string {
	if math.Abs(v) >= 1e6 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}
