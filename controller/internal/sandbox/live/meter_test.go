package live

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// published is one call of a publishFunc.
type published struct {
	tg                  string
	at                  time.Time
	requests, errors5xx int
	latencies           []time.Duration
}

// TestMeterPublishesTargetGroupSeconds: answers are filed by target group
// and second, as the load balancer's metrics count them: targets' answers
// with their 5xx and latencies, the balancer's 502 as a request, a 503
// for want of a target not at all; the test listener's traffic counts in
// the metrics too.
func TestMeterPublishesTargetGroupSeconds(t *testing.T) {
	var got []published
	m := newMeter(func(tg string, at time.Time, requests, errors5xx int, latencies []time.Duration) {
		got = append(got, published{tg, at, requests, errors5xx, latencies})
	})
	prod, test := m.answer(true), m.answer(false)
	ms := time.Millisecond
	prod(balancer.Answer{TargetGroup: "green", At: t0.Add(100 * ms), Status: http.StatusOK, FromTarget: true, Latency: 3 * ms})
	prod(balancer.Answer{TargetGroup: "green", At: t0.Add(900 * ms), Status: http.StatusInternalServerError, FromTarget: true, Latency: 5 * ms})
	prod(balancer.Answer{TargetGroup: "green", At: t0.Add(950 * ms), Status: http.StatusBadGateway, Latency: 7 * ms})
	prod(balancer.Answer{TargetGroup: "green", At: t0.Add(960 * ms), Status: http.StatusServiceUnavailable})
	test(balancer.Answer{TargetGroup: "green", At: t0.Add(1500 * ms), Status: http.StatusOK, FromTarget: true, Latency: 2 * ms})
	m.flush()
	if len(got) != 2 {
		t.Fatalf("published %+v, want two seconds", got)
	}
	if got[0].at.After(got[1].at) {
		got[0], got[1] = got[1], got[0]
	}
	want := []published{{"green", t0, 3, 1, []time.Duration{3 * ms, 5 * ms}}, {"green", t0.Add(time.Second), 1, 0, []time.Duration{2 * ms}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("published %+v, want %+v", got, want)
	}
	got = nil
	m.flush()
	if len(got) != 0 {
		t.Errorf("published %+v again", got)
	}
}

// TestMeterSpansCountProductionSinceTheMark: a span counts a target
// group's production answers since the last mark, with the first and the
// last; the test listener's answers are not production.
func TestMeterSpansCountProductionSinceTheMark(t *testing.T) {
	m := newMeter(nil)
	prod, test := m.answer(true), m.answer(false)
	prod(balancer.Answer{TargetGroup: "green", At: t0})
	m.mark()
	for i := range 3 {
		prod(balancer.Answer{TargetGroup: "green", At: t0.Add(time.Duration(i+1) * time.Second), FromTarget: true})
	}
	prod(balancer.Answer{TargetGroup: "blue", At: t0.Add(10 * time.Second)})
	test(balancer.Answer{TargetGroup: "green", At: t0.Add(20 * time.Second)})
	want := span{Requests: 3, First: t0.Add(time.Second), Last: t0.Add(3 * time.Second)}
	if got := m.span("green"); got != want {
		t.Errorf("green %+v, want %+v", got, want)
	}
	if got := m.span("other"); got != (span{}) {
		t.Errorf("a group with no traffic: %+v", got)
	}
}
