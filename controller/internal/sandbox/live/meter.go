package live

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
)

// publishEvery is how often the meter hands what the balancers answered
// to the cloud's metrics: well inside the sandbox analysis's 10 s windows,
// which the controller reads as soon as they end.
const publishEvery = 100 * time.Millisecond

// publishFunc files what a target group served in the second starting at
// at, as the load balancer publishes it to CloudWatch
// (simaws.Cloud.RecordTargetGroupTraffic has this shape).
type publishFunc func(tg string, at time.Time, requests, errors5xx int, latencies []time.Duration)

// meter takes the balancers' answers. It publishes them, a second at a
// time, as the load balancer's per-target-group metrics (requests, 5xx
// answers from targets, target response times), and counts the
// production traffic each target group answered since the last mark.
type meter struct {
	publish publishFunc // nil: nothing is published
	mu      sync.Mutex
	pending map[second]*traffic
	spans   map[string]span // by target group, since mark
}

// second is one target group's second of traffic.
type second struct {
	tg string
	at time.Time
}

// traffic is what a target group served in a second, not yet published.
type traffic struct {
	requests, errors int
	latencies        []time.Duration
}

// span is the production traffic a target group answered since the last
// mark: how many requests, and when the first and last answers were.
type span struct {
	Requests    int64
	First, Last time.Time
}

func newMeter(publish publishFunc) *meter {
	return &meter{publish: publish, pending: map[second]*traffic{}, spans: map[string]span{}}
}

// answer returns the balancer.Config.OnAnswer of a balancer: production
// traffic counts in the spans, every listener's in the metrics, as a
// target group's metrics hold the traffic of every listener that
// forwards to it.
func (m *meter) answer(production bool) func(balancer.Answer) {
	return func(a balancer.Answer) {
		m.mu.Lock()
		defer m.mu.Unlock()
		if production {
			s := m.spans[a.TargetGroup]
			if s.Requests == 0 {
				s.First = a.At
			}
			s.Requests++
			s.Last = a.At
			m.spans[a.TargetGroup] = s
		}
		m.count(a)
	}
}

// count adds a to its second's metrics: a request unless the balancer
// found no target for it (the ALB counts only requests it routed to a
// target), a 5xx when a target answered one, and the target's response
// time. The caller holds mu.
func (m *meter) count(a balancer.Answer) {
	if m.publish == nil || !a.FromTarget && a.Status == http.StatusServiceUnavailable {
		return
	}
	k := second{a.TargetGroup, a.At.Truncate(time.Second)}
	t := m.pending[k]
	if t == nil {
		t = &traffic{}
		m.pending[k] = t
	}
	t.requests++
	if a.FromTarget {
		if a.Status >= 500 {
			t.errors++
		}
		t.latencies = append(t.latencies, a.Latency)
	}
}

// flush publishes what is pending.
func (m *meter) flush() {
	m.mu.Lock()
	pending := m.pending
	m.pending = map[second]*traffic{}
	m.mu.Unlock()
	for k, t := range pending {
		m.publish(k.tg, k.at, t.requests, t.errors, t.latencies)
	}
}

// run flushes every publishEvery until ctx ends.
func (m *meter) run(ctx context.Context) {
	if m.publish == nil {
		return
	}
	t := time.NewTicker(publishEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			m.flush()
		}
	}
}

// mark starts the spans afresh.
func (m *meter) mark() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.spans = map[string]span{}
}

// span is the production traffic tg answered since the last mark.
func (m *meter) span(tg string) span {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.spans[tg]
}
