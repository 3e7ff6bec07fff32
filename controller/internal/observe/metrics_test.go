package observe_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock/clocktest"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
	"github.com/asgctl/asgctl/controller/internal/observe"
)

// trafficWorld is a simulated account whose listener sends traffic to a
// blue and a green target group, its clock an hour past the windows the
// tests read.
type trafficWorld struct {
	cloud              *simaws.Cloud
	listener           string
	blue, green, spare string // spare: a target group no one has sent traffic to
}

// minute0 is the start of the first window the tests read.
var minute0 = time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC)

func newTrafficWorld(t *testing.T) *trafficWorld {
	t.Helper()
	cloud := simaws.New(simaws.Config{Clock: clocktest.New(minute0.Add(time.Hour)), Seed: 1})
	w := &trafficWorld{cloud: cloud, blue: cloud.CreateTargetGroup("web-blue"), green: cloud.CreateTargetGroup("web-green"), spare: cloud.CreateTargetGroup("web-spare")}
	w.listener = cloud.CreateListener(map[string]int{w.blue: 90, w.green: 10, w.spare: 0})
	return w
}

// latencies is n requests at fast and slow of them at slow.
func latencies(n int, fast time.Duration, slow int, slowAt time.Duration) []time.Duration {
	return append(slices.Repeat([]time.Duration{fast}, n-slow), slices.Repeat([]time.Duration{slowAt}, slow)...)
}

func (w *trafficWorld) read(t *testing.T, from, to time.Time, pct float64) map[string]api.MetricSample {
	t.Helper()
	got, err := observe.ReadTargetGroupMetrics(t.Context(), w.cloud, w.listener, []string{w.blue, w.green, w.spare}, from, to, pct)
	if err != nil {
		t.Fatalf("read metrics: %v", err)
	}
	return got
}

func sampleString(s api.MetricSample) string {
	lat := "nil"
	if s.LatencyMs != nil {
		lat = fmt.Sprintf("%.6g", *s.LatencyMs)
	}
	return fmt.Sprintf("requests=%d errors=%d latency_ms=%s", s.Requests, s.Errors, lat)
}

// One call reads each target group's requests, 5xx and latency
// percentile over the window, and nothing from outside it; a target group
// without datapoints served nothing.
func TestReadTargetGroupMetrics(t *testing.T) {
	w := newTrafficWorld(t)
	w.cloud.RecordTargetGroupTraffic(w.blue, minute0.Add(-time.Second), 5000, 5000, latencies(10, time.Second, 0, 0))
	w.cloud.RecordTargetGroupTraffic(w.blue, minute0.Add(5*time.Second), 900, 2, latencies(100, 12*time.Millisecond, 2, 80*time.Millisecond))
	w.cloud.RecordTargetGroupTraffic(w.blue, minute0.Add(65*time.Second), 1100, 3, latencies(100, 12*time.Millisecond, 2, 80*time.Millisecond))
	w.cloud.RecordTargetGroupTraffic(w.green, minute0.Add(30*time.Second), 220, 9, latencies(100, 15*time.Millisecond, 5, 400*time.Millisecond))
	w.cloud.RecordTargetGroupTraffic(w.green, minute0.Add(2*time.Minute), 7000, 7000, latencies(10, time.Second, 0, 0))
	w.cloud.ResetCalls()
	got := w.read(t, minute0, minute0.Add(2*time.Minute), 99)
	want := map[string]string{
		w.blue:  "requests=2000 errors=5 latency_ms=80",
		w.green: "requests=220 errors=9 latency_ms=400",
		w.spare: "requests=0 errors=0 latency_ms=nil",
	}
	for tg, s := range want {
		if g, ok := got[tg]; !ok || sampleString(g) != s {
			t.Errorf("%s: %s, want %s", tg[strings.LastIndex(tg, ":")+1:], sampleString(g), s)
		}
	}
	if len(got) != 3 {
		t.Errorf("read %d target groups, want 3", len(got))
	}
	if calls := w.cloud.Calls(); calls["GetMetricData"] != 1 || awsapi.TotalCalls(calls) != 1 {
		t.Errorf("calls = %v, want one GetMetricData", calls)
	}
	if g := w.read(t, minute0, minute0.Add(2*time.Minute), 50)[w.green]; sampleString(g) != "requests=220 errors=9 latency_ms=15" {
		t.Errorf("green at p50: %s, want latency 15ms", sampleString(g))
	}
}

// The load balancer publishes one datapoint a minute: a window under a
// minute sees it when it starts the minute, and nothing otherwise.
func TestReadTargetGroupMetricsUnderAMinute(t *testing.T) {
	w := newTrafficWorld(t)
	w.cloud.RecordTargetGroupTraffic(w.blue, minute0.Add(25*time.Second), 600, 0, latencies(10, 20*time.Millisecond, 0, 0))
	if g := w.read(t, minute0, minute0.Add(10*time.Second), 99)[w.blue]; g.Requests != 600 {
		t.Errorf("the minute's first 10s: %s, want the minute's 600 requests", sampleString(g))
	}
	if g := w.read(t, minute0.Add(20*time.Second), minute0.Add(30*time.Second), 99)[w.blue]; sampleString(g) != "requests=0 errors=0 latency_ms=nil" {
		t.Errorf("10s in the middle of the minute: %s, want nothing", sampleString(g))
	}
}

// Arguments CloudWatch could not answer as asked fail before any call,
// saying what is wrong.
func TestReadTargetGroupMetricsRefusesBadArguments(t *testing.T) {
	w := newTrafficWorld(t)
	tgs := []string{w.blue, w.green}
	for _, c := range []struct {
		what, listener string
		tgs            []string
		from, to       time.Time
		pct            float64
		says           string
	}{
		{"an empty window", w.listener, tgs, minute0, minute0, 99, "to must be after from"},
		{"a 45s window", w.listener, tgs, minute0, minute0.Add(45 * time.Second), 99, "lasts 45s: CloudWatch reads periods of 10, 20 or 30 seconds or whole minutes"},
		{"a 40s window", w.listener, tgs, minute0, minute0.Add(40 * time.Second), 99, "lasts 40s"},
		{"a 90s window", w.listener, tgs, minute0, minute0.Add(90 * time.Second), 99, "lasts 1m30s"},
		{"a window off the minute", w.listener, tgs, minute0.Add(5 * time.Second), minute0.Add(65 * time.Second), 99, "would start the period at 2025-01-01T10:00:00Z"},
		{"a 10s window off its division", w.listener, tgs, minute0.Add(5 * time.Second), minute0.Add(15 * time.Second), 99, "multiple of 10s"},
		{"percentile 100", w.listener, tgs, minute0, minute0.Add(time.Minute), 100, "between 0 and 100"},
		{"percentile 99.999", w.listener, tgs, minute0, minute0.Add(time.Minute), 99.999, "at most two decimals"},
		{"a target group ARN", w.blue, tgs, minute0, minute0.Add(time.Minute), 99, "not the ARN of an application load balancer"},
		{"a listener ARN among the target groups", w.listener, []string{w.blue, w.listener}, minute0, minute0.Add(time.Minute), 99, "target group 1"},
		{"no target groups", w.listener, nil, minute0, minute0.Add(time.Minute), 99, "0 target groups"},
	} {
		_, err := observe.ReadTargetGroupMetrics(t.Context(), w.cloud, c.listener, c.tgs, c.from, c.to, c.pct)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: error %v, want one saying %q", c.what, err, c.says)
		}
	}
	if n := w.cloud.Calls()["GetMetricData"]; n != 0 {
		t.Errorf("bad arguments made %d GetMetricData calls, want none", n)
	}
}

// CloudWatch's errors come back wrapped, still classified.
func TestReadTargetGroupMetricsWrapsErrors(t *testing.T) {
	w := newTrafficWorld(t)
	w.cloud.FailNext("GetMetricData", "Throttling", 1)
	_, err := observe.ReadTargetGroupMetrics(t.Context(), w.cloud, w.listener, []string{w.blue}, minute0, minute0.Add(time.Minute), 99)
	if !awsapi.IsClass(err, awsapi.ClassThrottled) || !strings.Contains(err.Error(), "read the metrics of 1 target group(s) over [2025-01-01T10:00:00Z, 2025-01-01T10:01:00Z)") {
		t.Fatalf("error %v, want a throttled error saying what was read", err)
	}
}
