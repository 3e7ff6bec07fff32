package bench

import (
	"fmt"
	"slices"
	"time"

	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
	"github.com/asgctl/asgctl/internal/benchstat"
)

// documented are the AWS throttling budgets AWS publishes (refill per
// second, bucket size); the others are not documented.
var documented = map[awsapi.Bucket]awssdk.Limit{
	awsapi.BucketELBDescribe: {Rate: 10, Burst: 40},  // ELB user guide, "Request throttling"
	awsapi.BucketEC2Describe: {Rate: 20, Burst: 100}, // EC2 API reference, "Request throttling"
}

// BucketStats summarises one bucket's per-second series.
type BucketStats struct {
	Total                 int
	Mean                  float64 // calls/s over the whole window
	Peak1, Peak10, Peak60 float64 // highest 1 s, 10 s and 60 s average
	Throttled             int     // calls the documented AWS bucket would have refused
	OverHalf              int     // calls a bucket of half the documented size and rate would have refused
}

func bucketStats(s []int, at []time.Duration, window time.Duration, doc awssdk.Limit, hasDoc bool) BucketStats {
	st := BucketStats{}
	for _, n := range s {
		st.Total += n
	}
	st.Mean = float64(st.Total) / window.Seconds()
	st.Peak1, st.Peak10, st.Peak60 = peak(s, 1), peak(s, 10), peak(s, 60)
	if hasDoc {
		st.Throttled = replay(at, doc)
		st.OverHalf = replay(at, awssdk.Limit{Rate: doc.Rate / 2, Burst: doc.Burst / 2})
	}
	return st
}

// peak is the highest average over any w consecutive seconds.
func peak(s []int, w int) float64 {
	best, sum := 0, 0
	for i, n := range s {
		sum += n
		if i >= w {
			sum -= s[i-w]
		}
		best = max(best, sum)
	}
	return float64(best) / float64(w)
}

// replay runs the calls (times since the start) through a token bucket
// that starts full, as AWS's does, and counts the calls it would refuse.
func replay(at []time.Duration, l awssdk.Limit) int {
	tokens, last, refused := float64(l.Burst), time.Duration(0), 0
	for _, t := range at {
		tokens = min(float64(l.Burst), tokens+(t-last).Seconds()*l.Rate)
		last = t
		if tokens >= 1-1e-9 {
			tokens--
			continue
		}
		refused++
	}
	return refused
}

// FleetTable is benchmark 2c: calls per second per throttling bucket for
// one or more fleet runs.
func FleetTable(rs []FleetResult, target int) benchstat.Table {
	t := benchstat.Table{
		Title: fmt.Sprintf("Benchmark 2c — %d services under one controller, %d rolling out at once: calls/s per throttling bucket", target, rs[0].Config.Rolling),
		Header: []string{"run", "bucket", "calls", "mean/s", "peak 1 s", "peak 10 s avg", "peak 60 s avg",
			"documented budget", "client limiter", "within half the budget? (calls over a half-size bucket)", "AWS would throttle (calls)"},
	}
	limits := awssdk.DefaultLimits()
	for _, r := range rs {
		run := runName(r, target)
		for _, b := range sortedBuckets(r.Meter.PerSecond) {
			doc, has := documented[b]
			st := bucketStats(r.Meter.PerSecond[b], r.Meter.At[b], r.Config.Window, doc, has)
			budget, half, throttle := "not documented", "n/a", "n/a"
			if has {
				budget = fmt.Sprintf("%g/s (burst %d)", doc.Rate, doc.Burst)
				half = fmt.Sprintf("%s (%d)", yesNo(st.OverHalf == 0), st.OverHalf)
				throttle = fmt.Sprint(st.Throttled)
			}
			lim := "off"
			if r.Config.Limit {
				lim = fmt.Sprintf("%g/s burst %d", limits[b].Rate, limits[b].Burst)
			}
			t.Add(run, b, st.Total, f2(st.Mean), f2(st.Peak1), f2(st.Peak10), f2(st.Peak60), budget, lim, half, throttle)
		}
	}
	for _, r := range rs {
		t.Notes = append(t.Notes, fleetNote(r, target))
	}
	return t
}

func runName(r FleetResult, target int) string {
	lim := "no limiter"
	if r.Config.Limit {
		lim = "limiter"
	}
	n := fmt.Sprintf("%d svc", r.Config.Services)
	if r.Config.Services != target {
		n += " (measured)"
	}
	return n + ", " + lim
}

func fleetNote(r FleetResult, target int) string {
	var done []time.Duration
	notDone := 0
	for _, d := range r.RolloutDur {
		if d > 0 {
			done = append(done, d)
		} else {
			notDone++
		}
	}
	slices.Sort(done)
	rolls := "none complete"
	if len(done) > 0 {
		rolls = fmt.Sprintf("request → complete min %s, max %s", secs(done[0]), secs(done[len(done)-1]))
	}
	idle := idlePerHour(r)
	return fmt.Sprintf("%s: window %s after the promote requests (bootstrap of the first deploys took %s simulated, not counted). "+
		"Rollouts: %d complete (%s), %d not complete in the window. Idle services: %.1f calls per service per hour (%s). "+
		"Limiter waits: %d calls waited, %s in total.",
		runName(r, target), r.Config.Window, secs(r.Bootstrap), len(done), rolls, notDone, idle.perHour, idle.ops, r.Meter.Waits, secs(r.Meter.WaitTime))
}

type idleRate struct {
	perHour float64
	ops     string
}

// idlePerHour averages the calls of the services that were not rolling.
func idlePerHour(r FleetResult) idleRate {
	ops, n := map[string]int{}, 0
	for i := r.Config.Rolling; i < r.Config.Services; i++ {
		n++
		for op, c := range r.Meter.PerSvc[svcName(i)] {
			ops[op] += c
		}
	}
	if n == 0 {
		return idleRate{}
	}
	scale := float64(time.Hour) / float64(r.Config.Window) / float64(n)
	s := ""
	for _, op := range sortedOps(ops) {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%s %.1f", op, float64(ops[op])*scale)
	}
	return idleRate{perHour: float64(awsapi.TotalCalls(ops)) * scale, ops: s}
}

func sortedBuckets(m map[awsapi.Bucket][]int) []awsapi.Bucket {
	var out []awsapi.Bucket
	for b := range m {
		out = append(out, b)
	}
	slices.Sort(out)
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

func f2(v float64) string { return fmt.Sprintf("%.2f", v) }
