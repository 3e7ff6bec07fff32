package bench

import (
	"context"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
)

// Meter sits between the controller and simaws: optionally behind the
// client-side limiter, it counts every call that reaches the cloud, per
// throttling bucket per second since Start, and per service.
type Meter struct {
	clock clock.Clock

	mu       sync.Mutex
	limit    bool
	buckets  map[awsapi.Bucket]awssdk.Limiter
	start    time.Time
	started  bool
	perSec   map[awsapi.Bucket][]int
	at       map[awsapi.Bucket][]time.Duration
	perSvc   map[string]map[string]int
	waits    int
	waitTime time.Duration
}

// NewMeter returns a meter whose limiter uses awssdk.DefaultLimits().
func NewMeter(c clock.Clock) *Meter {
	m := &Meter{clock: c, buckets: map[awsapi.Bucket]awssdk.Limiter{}}
	for b, l := range awssdk.DefaultLimits() {
		m.buckets[b] = awssdk.NewLimiter(c, l)
	}
	m.Start(false)
	return m
}

// Start zeroes the counters, starts the per-second series now and turns
// the limiter on or off.
func (m *Meter) Start(limit bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.limit, m.start, m.started = limit, m.clock.Now(), true
	m.perSec = map[awsapi.Bucket][]int{}
	m.at = map[awsapi.Bucket][]time.Duration{}
	m.perSvc = map[string]map[string]int{}
	m.waits, m.waitTime = 0, 0
}

// gate waits for a token when the limiter is on, then counts the call.
func (m *Meter) gate(ctx context.Context, svc, op string) error {
	o, _ := awsapi.OperationByName(op)
	m.mu.Lock()
	limit, b := m.limit, m.buckets[o.Bucket]
	m.mu.Unlock()
	if limit && b != nil {
		t0 := m.clock.Now()
		if err := b.Wait(ctx); err != nil {
			return err
		}
		if d := m.clock.Now().Sub(t0); d > 0 {
			m.mu.Lock()
			m.waits++
			m.waitTime += d
			m.mu.Unlock()
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	since := m.clock.Now().Sub(m.start)
	m.at[o.Bucket] = append(m.at[o.Bucket], since)
	sec := int(since / time.Second)
	s := m.perSec[o.Bucket]
	for len(s) <= sec {
		s = append(s, 0)
	}
	s[sec]++
	m.perSec[o.Bucket] = s
	if m.perSvc[svc] == nil {
		m.perSvc[svc] = map[string]int{}
	}
	m.perSvc[svc][op]++
	return nil
}

// MeterReport is what a meter saw since Start.
type MeterReport struct {
	PerSecond map[awsapi.Bucket][]int
	At        map[awsapi.Bucket][]time.Duration // each call's time since Start
	PerSvc    map[string]map[string]int
	Waits     int
	WaitTime  time.Duration
}

// Report copies the counters.
func (m *Meter) Report() MeterReport {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := MeterReport{PerSecond: map[awsapi.Bucket][]int{}, At: map[awsapi.Bucket][]time.Duration{}, PerSvc: map[string]map[string]int{}, Waits: m.waits, WaitTime: m.waitTime}
	for b, s := range m.perSec {
		r.PerSecond[b] = append([]int(nil), s...)
		r.At[b] = append([]time.Duration(nil), m.at[b]...)
	}
	for svc, ops := range m.perSvc {
		r.PerSvc[svc] = map[string]int{}
		for op, n := range ops {
			r.PerSvc[svc][op] = n
		}
	}
	return r
}

// Clients wraps inner for one service, with the adapter's own wrappers
// gated by the meter.
func (m *Meter) Clients(svc string, inner awsapi.Clients) awsapi.Clients {
	return awssdk.Gated(inner, awssdk.GateFunc(func(ctx context.Context, op string) error { return m.gate(ctx, svc, op) }))
}
