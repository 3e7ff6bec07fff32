package simaws

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// statistic is a GetMetricData Stat simaws computes: Sum, Average,
// Minimum, Maximum, SampleCount, or a percentile pNN.NN (pct set).
type statistic struct {
	name string
	pct  float64
}

// parseStatistic reads a Stat; ok is false for one simaws does not compute
// (CloudWatch's trimmed means, percentile ranks and the like).
func parseStatistic(s string) (statistic, bool) {
	switch s {
	case "Sum", "Average", "Minimum", "Maximum", "SampleCount":
		return statistic{name: s}, true
	}
	num, ok := strings.CutPrefix(s, "p")
	if !ok || num == "" || strings.Trim(num, "0123456789.") != "" {
		return statistic{}, false
	}
	pct, err := strconv.ParseFloat(num, 64)
	if err != nil || pct < 0 || pct > 100 {
		return statistic{}, false
	}
	return statistic{name: s, pct: pct}, true
}

// totals are the plain statistics of one period's datapoints.
type totals struct {
	sum, count, min, max float64
}

// aggregate computes st over the datapoints of one period; ok is false
// when CloudWatch shows no datapoint for it: no samples, or a percentile
// that cannot be had (see percentile).
func aggregate(points []datapoint, st statistic) (float64, bool) {
	t := totals{min: math.Inf(1), max: math.Inf(-1)}
	for _, p := range points {
		t.add(p)
	}
	if t.count <= 0 {
		return 0, false
	}
	switch st.name {
	case "Sum":
		return t.sum, true
	case "Average":
		return t.sum / t.count, true
	case "Minimum":
		return t.min, true
	case "Maximum":
		return t.max, true
	case "SampleCount":
		return t.count, true
	}
	return percentile(points, st.pct)
}

func (t *totals) add(p datapoint) {
	if s := p.set; s != nil {
		t.sum += *s.Sum
		t.count += *s.SampleCount
		t.min, t.max = min(t.min, *s.Minimum), max(t.max, *s.Maximum)
		return
	}
	for _, x := range p.samples {
		if x.count <= 0 {
			continue
		}
		t.sum += x.value * x.count
		t.count += x.count
		t.min, t.max = min(t.min, x.value), max(t.max, x.value)
	}
}

// percentile is the nearest-rank percentile of the samples: the smallest
// value at or below which pct percent of them lie. As in CloudWatch it is
// unavailable when a value is negative, or for a statistic set unless its
// samples are all one value (SampleCount 1, or Minimum = Maximum).
func percentile(points []datapoint, pct float64) (float64, bool) {
	var all []sample
	for _, p := range points {
		switch s := p.set; {
		case s == nil:
			all = append(all, p.samples...)
		case *s.SampleCount == 1 || *s.Minimum == *s.Maximum:
			all = append(all, sample{value: *s.Minimum, count: *s.SampleCount})
		default:
			return 0, false
		}
	}
	all = slices.DeleteFunc(all, func(x sample) bool { return x.count <= 0 })
	if len(all) == 0 || slices.ContainsFunc(all, func(x sample) bool { return x.value < 0 }) {
		return 0, false
	}
	slices.SortFunc(all, func(a, b sample) int { return cmp.Compare(a.value, b.value) })
	total := 0.0
	for _, x := range all {
		total += x.count
	}
	// The rank, less a rounding margin so that p99 of 100 samples is the
	// 99th even where pct*total/100 is a hair above 99.
	rank, seen := pct*total/100-1e-9*total, 0.0
	for _, x := range all {
		if seen += x.count; seen >= rank {
			return x.value, true
		}
	}
	return all[len(all)-1].value, true
}
