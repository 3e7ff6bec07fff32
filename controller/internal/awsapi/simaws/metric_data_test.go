package simaws

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// Sums per period, newest first by default and oldest first on request;
// StartTime is inclusive, EndTime exclusive, and a trailing part of a
// period is left out.
func TestMetricSumsPerPeriod(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	base := t0.Add(30 * time.Minute)
	f.putMetrics(datum("Requests", base, 3), datum("Requests", base.Add(20*time.Second), 5),
		datum("Requests", base.Add(70*time.Second), 7), datum("Requests", base.Add(3*time.Minute), 100),
		datum("Requests", base.Add(-time.Second), 1000))
	q := metricQuery("Requests", "Sum", 60, webDims)
	if got, want := points(f.getMetrics(q, base, base.Add(3*time.Minute))), "00:31:00=7 00:30:00=8"; got != want {
		t.Errorf("sums over [00:30, 00:33) = %q, want %q (newest first, the datum at 00:33 left out)", got, want)
	}
	out, err := f.c.GetMetricData(f.ctx, &cloudwatch.GetMetricDataInput{MetricDataQueries: []cwtypes.MetricDataQuery{q},
		StartTime: aws.Time(base), EndTime: aws.Time(base.Add(4 * time.Minute)), ScanBy: cwtypes.ScanByTimestampAscending})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := points(out.MetricDataResults[0]), "00:30:00=8 00:31:00=7 00:33:00=100"; got != want {
		t.Errorf("ascending = %q, want %q", got, want)
	}
	if got, want := points(f.getMetrics(q, base, base.Add(150*time.Second))), "00:31:00=7 00:30:00=8"; got != want {
		t.Errorf("a window ending mid-period = %q, want the whole periods alone, %q", got, want)
	}
}

// CloudWatch rounds StartTime down: to the minute for a period of a
// minute or more, to an even division of the minute below that.
func TestMetricStartTimeIsRoundedDown(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	base := t0.Add(30 * time.Minute)
	hires := datum("Latency", base.Add(12*time.Second), 2)
	hires.StorageResolution = aws.Int32(1)
	f.putMetrics(datum("Requests", base.Add(5*time.Second), 4), hires)
	if got, want := points(f.getMetrics(metricQuery("Requests", "Sum", 60, webDims), base.Add(34*time.Second), base.Add(94*time.Second))), "00:30:00=4"; got != want {
		t.Errorf("start 00:30:34 with period 60 = %q, want %q (start rounded to 00:30:00)", got, want)
	}
	if got, want := points(f.getMetrics(metricQuery("Latency", "Sum", 10, webDims), base.Add(17*time.Second), base.Add(30*time.Second))), "00:30:10=2"; got != want {
		t.Errorf("start 00:30:17 with period 10 = %q, want %q (start rounded to 00:30:10)", got, want)
	}
}

// Standard-resolution datapoints are filed to the minute, high-resolution
// ones to the second; periods under a minute see only the last 3 hours.
func TestMetricStorageResolution(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	base := t0.Add(30 * time.Minute)
	hires := datum("Hires", base.Add(37*time.Second), 2)
	hires.StorageResolution = aws.Int32(1)
	f.putMetrics(datum("Standard", base.Add(37*time.Second), 1), hires)
	window := func(name string) string {
		return points(f.getMetrics(metricQuery(name, "Sum", 10, webDims), base, base.Add(time.Minute)))
	}
	if got, want := window("Standard"), "00:30:00=1"; got != want {
		t.Errorf("standard resolution in 10s periods = %q, want %q", got, want)
	}
	if got, want := window("Hires"), "00:30:30=2"; got != want {
		t.Errorf("high resolution in 10s periods = %q, want %q", got, want)
	}
	f.at(5 * time.Hour)
	if got := window("Hires"); got != "" {
		t.Errorf("10s periods of data 4 hours old = %q, want none (CloudWatch keeps them 3 hours)", got)
	}
	if got, want := points(f.getMetrics(metricQuery("Hires", "Sum", 60, webDims), base, base.Add(time.Minute))), "00:30:00=2"; got != want {
		t.Errorf("60s periods of data 4 hours old = %q, want %q", got, want)
	}
}

// Every statistic over values with counts, a single value and a
// statistic set in one period.
func TestMetricStatistics(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	base := t0.Add(30 * time.Minute)
	spread := datum("Latency", base, 0)
	spread.Value, spread.Values, spread.Counts = nil, []float64{0.01, 0.5}, []float64{90, 9}
	f.putMetrics(spread, datum("Latency", base.Add(time.Second), 0.2))
	for stat, want := range map[string]string{
		"Sum": "00:30:00=5.6", "SampleCount": "00:30:00=100", "Average": "00:30:00=0.056", "Minimum": "00:30:00=0.01",
		"Maximum": "00:30:00=0.5", "p50": "00:30:00=0.01", "p90": "00:30:00=0.01", "p91": "00:30:00=0.2", "p99": "00:30:00=0.5", "p100": "00:30:00=0.5",
	} {
		if got := points(f.getMetrics(metricQuery("Latency", stat, 60, webDims), base, base.Add(time.Minute))); got != want {
			t.Errorf("%s = %q, want %q", stat, got, want)
		}
	}
	set := datum("Set", base, 0)
	set.Value, set.StatisticValues = nil, &cwtypes.StatisticSet{Sum: aws.Float64(30), SampleCount: aws.Float64(3), Minimum: aws.Float64(5), Maximum: aws.Float64(15)}
	f.putMetrics(set, datum("Negative", base, -1))
	if got := points(f.getMetrics(metricQuery("Set", "Average", 60, webDims), base, base.Add(time.Minute))); got != "00:30:00=10" {
		t.Errorf("average of a statistic set = %q, want 10", got)
	}
	for _, name := range []string{"Set", "Negative"} {
		if got := points(f.getMetrics(metricQuery(name, "p50", 60, webDims), base, base.Add(time.Minute))); got != "" {
			t.Errorf("p50 of %s = %q, want no datapoint (CloudWatch has no percentile for it)", name, got)
		}
	}
}

// A query matches the exact dimension set, in any order, and the unit
// when it names one.
func TestMetricQueryMatchesExactDimensionsAndUnit(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	base := t0.Add(30 * time.Minute)
	seconds := datum("Latency", base, 2)
	seconds.Unit = cwtypes.StandardUnitSeconds
	f.putMetrics(datum("Latency", base, 1), seconds)
	window := func(q cwtypes.MetricDataQuery) string { return points(f.getMetrics(q, base, base.Add(time.Minute))) }
	reversed := []cwtypes.Dimension{webDims[1], webDims[0]}
	if got := window(metricQuery("Latency", "Sum", 60, reversed)); got != "00:30:00=3" {
		t.Errorf("dimensions in another order = %q, want 3", got)
	}
	for what, dims := range map[string][]cwtypes.Dimension{
		"a subset": webDims[:1], "none": nil, "a superset": append([]cwtypes.Dimension{dim("Zone", "a")}, webDims...),
	} {
		if got := window(metricQuery("Latency", "Sum", 60, dims)); got != "" {
			t.Errorf("%s of the dimensions = %q, want nothing", what, got)
		}
	}
	q := metricQuery("Latency", "Sum", 60, webDims)
	q.MetricStat.Unit = cwtypes.StandardUnitSeconds
	if got := window(q); got != "00:30:00=2" {
		t.Errorf("unit Seconds = %q, want the datum put in seconds alone", got)
	}
}

// ReturnData false leaves a query out; the label defaults to the metric
// name; an empty window is a complete result without datapoints.
func TestMetricResultShape(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	base := t0.Add(30 * time.Minute)
	hidden := metricQuery("Requests", "Sum", 60, webDims)
	hidden.Id, hidden.ReturnData = aws.String("hidden"), aws.Bool(false)
	out, err := f.c.GetMetricData(f.ctx, &cloudwatch.GetMetricDataInput{
		MetricDataQueries: []cwtypes.MetricDataQuery{metricQuery("Requests", "Sum", 60, webDims), hidden},
		StartTime:         aws.Time(base), EndTime: aws.Time(base.Add(time.Minute)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.MetricDataResults) != 1 {
		t.Fatalf("%d results, want the one query that returns data", len(out.MetricDataResults))
	}
	r := out.MetricDataResults[0]
	if aws.ToString(r.Id) != "q" || aws.ToString(r.Label) != "Requests" || r.StatusCode != cwtypes.StatusCodeComplete || r.Timestamps == nil || len(r.Values) != 0 {
		t.Errorf("empty result = %+v, want id q, label Requests, Complete, no datapoints", r)
	}
}

func TestPutMetricDataValidation(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	now := t0.Add(time.Hour)
	both := datum("M", now, 1)
	both.Values = []float64{1}
	noValue := datum("M", now, 1)
	noValue.Value = nil
	counts := datum("M", now, 0)
	counts.Value, counts.Values, counts.Counts = nil, []float64{1, 2}, []float64{1}
	twice := datum("M", now, 1)
	twice.Dimensions = []cwtypes.Dimension{dim("A", "1"), dim("A", "2")}
	resolution := datum("M", now, 1)
	resolution.StorageResolution = aws.Int32(5)
	for what, c := range map[string]struct {
		ns   string
		d    cwtypes.MetricDatum
		code string
	}{
		"an AWS namespace":          {"AWS/ApplicationELB", datum("M", now, 1), codeInvalidParameter},
		"no namespace":              {"", datum("M", now, 1), codeMissingParameter},
		"no metric name":            {testNamespace, datum("", now, 1), codeMissingParameter},
		"Value and Values":          {testNamespace, both, codeParamCombination},
		"no value":                  {testNamespace, noValue, codeParamCombination},
		"fewer counts than values":  {testNamespace, counts, codeInvalidParameter},
		"a dimension twice":         {testNamespace, twice, codeInvalidParameter},
		"a storage resolution of 5": {testNamespace, resolution, codeInvalidParameter},
		"a timestamp 15 days old":   {testNamespace, datum("M", now.Add(-15*24*time.Hour), 1), codeInvalidParameter},
		"a timestamp 3 hours ahead": {testNamespace, datum("M", now.Add(3*time.Hour), 1), codeInvalidParameter},
	} {
		_, err := f.c.PutMetricData(f.ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String(c.ns), MetricData: []cwtypes.MetricDatum{datum("M", now, 1), c.d}})
		if got := errCode(err); got != c.code || awsapi.Classify(err) != awsapi.ClassValidation {
			t.Errorf("put with %s: error %v (code %q), want %s, a validation error", what, err, got, c.code)
		}
	}
	if len(f.c.metrics) != 0 {
		t.Errorf("refused puts stored %d series; a refused request stores nothing", len(f.c.metrics))
	}
}

func TestGetMetricDataValidation(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	from, to := t0.Add(30*time.Minute), t0.Add(31*time.Minute)
	badID, badPeriod, badStat := metricQuery("M", "Sum", 60, webDims), metricQuery("M", "Sum", 45, webDims), metricQuery("M", "tm99", 60, webDims)
	badID.Id = aws.String("1st")
	expr := cwtypes.MetricDataQuery{Id: aws.String("e"), Expression: aws.String("q * 2")}
	for what, c := range map[string]struct {
		qs       []cwtypes.MetricDataQuery
		from, to time.Time
	}{
		"an Id that starts with a digit": {[]cwtypes.MetricDataQuery{badID}, from, to},
		"two queries with one Id":        {[]cwtypes.MetricDataQuery{metricQuery("M", "Sum", 60, webDims), metricQuery("N", "Sum", 60, webDims)}, from, to},
		"a period of 45 seconds":         {[]cwtypes.MetricDataQuery{badPeriod}, from, to},
		"a trimmed mean":                 {[]cwtypes.MetricDataQuery{badStat}, from, to},
		"an expression":                  {[]cwtypes.MetricDataQuery{metricQuery("M", "Sum", 60, webDims), expr}, from, to},
		"an end before the start":        {[]cwtypes.MetricDataQuery{metricQuery("M", "Sum", 60, webDims)}, to, from},
	} {
		_, err := f.c.GetMetricData(f.ctx, &cloudwatch.GetMetricDataInput{MetricDataQueries: c.qs, StartTime: aws.Time(c.from), EndTime: aws.Time(c.to)})
		if awsapi.Classify(err) != awsapi.ClassValidation {
			t.Errorf("get with %s: error %v, want a validation error", what, err)
		}
	}
}

// The metric operations fail as scripted, and a failed put stores nothing.
func TestMetricOperationsFailAsScripted(t *testing.T) {
	f := newFixture(t, nil)
	f.at(time.Hour)
	base := t0.Add(30 * time.Minute)
	f.c.FailNext(opPutMetricData, codeThrottling, 1)
	_, err := f.c.PutMetricData(f.ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String(testNamespace), MetricData: []cwtypes.MetricDatum{datum("Requests", base, 1)}})
	if awsapi.Classify(err) != awsapi.ClassThrottled {
		t.Fatalf("scripted put: %v, want throttled", err)
	}
	f.c.FailNext(opGetMetricData, codeInternalFailure, 1)
	_, err = f.c.GetMetricData(f.ctx, &cloudwatch.GetMetricDataInput{MetricDataQueries: []cwtypes.MetricDataQuery{metricQuery("Requests", "Sum", 60, webDims)},
		StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Minute))})
	wantCode(t, err, codeInternalFailure)
	if got := points(f.getMetrics(metricQuery("Requests", "Sum", 60, webDims), base, base.Add(time.Minute))); got != "" {
		t.Errorf("after a failed put the metric reads %q, want nothing", got)
	}
	if c := f.c.Calls(); c[opPutMetricData] != 1 || c[opGetMetricData] != 2 {
		t.Errorf("calls = %v, want 1 PutMetricData and 2 GetMetricData", c)
	}
}
