package simaws

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
)

// At 10-second resolution a 10-second window sees only its own 10 seconds
// of traffic; at the default, one minute, as a real load balancer
// publishes, the minute's traffic is filed at its start and 10-second
// windows after the first see none of it.
func TestMetricResolution(t *testing.T) {
	for _, c := range []struct {
		resolution            time.Duration
		first, second, minute string // 10 s windows at :00 and :10, the whole minute
	}{
		{10 * time.Second, "00:30:00=5", "00:30:10=7", "00:30:00=23"},
		{0, "00:30:00=23", "", "00:30:00=23"},
	} {
		f := newFixture(t, func(cfg *Config) { cfg.MetricResolution = c.resolution })
		f.at(time.Hour)
		minute := t0.Add(30 * time.Minute)
		f.c.RecordTargetGroupTraffic(f.green, minute.Add(3*time.Second), 5, 0, nil)
		f.c.RecordTargetGroupTraffic(f.green, minute.Add(13*time.Second), 7, 0, nil)
		f.c.RecordTargetGroupTraffic(f.green, minute.Add(25*time.Second), 11, 0, nil)
		q := albQuery(awsapi.MetricRequestCount, "Sum", tgDims(f.green, f.c.LoadBalancerARN()))
		sum := func(from time.Time, period time.Duration) string {
			q.MetricStat.Period = aws.Int32(int32(period / time.Second))
			return points(f.getMetrics(q, from, from.Add(period)))
		}
		if got := sum(minute, 10*time.Second); got != c.first {
			t.Errorf("resolution %v: first 10 s = %q, want %q", c.resolution, got, c.first)
		}
		if got := sum(minute.Add(10*time.Second), 10*time.Second); got != c.second {
			t.Errorf("resolution %v: second 10 s = %q, want %q", c.resolution, got, c.second)
		}
		if got := sum(minute, time.Minute); got != c.minute {
			t.Errorf("resolution %v: the minute = %q, want %q", c.resolution, got, c.minute)
		}
	}
}

func TestMetricResolutionMustDivideTheMinute(t *testing.T) {
	for _, r := range []time.Duration{7 * time.Second, 2 * time.Minute, -time.Minute} {
		wantPanic(t, "MetricResolution "+r.String(), func() { newFixture(t, func(cfg *Config) { cfg.MetricResolution = r }) })
	}
}
