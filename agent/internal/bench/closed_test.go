package bench_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/bench"
)

func TestClosedLoopCountsGoodAndBadAnswers(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1)%10 == 0 {
			http.Error(w, "nope", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "release=r1\n")
	}))
	defer srv.Close()
	r, err := bench.ClosedLoop{URL: srv.URL, BodyPrefix: "release=", Clients: 4, Duration: 200 * time.Millisecond}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Sent < 20 || r.Failed == 0 || r.Failed > r.Sent/5 {
		t.Fatalf("sent %d failed %d: want many requests, about a tenth failed", r.Sent, r.Failed)
	}
	if int64(len(r.Latencies)) != r.Sent-r.Failed {
		t.Fatalf("%d latencies for %d good requests", len(r.Latencies), r.Sent-r.Failed)
	}
	if len(r.FirstErrors) == 0 || len(r.FirstErrors) > 5 {
		t.Fatalf("first errors: %v", r.FirstErrors)
	}
	if r.Elapsed < 200*time.Millisecond || r.Elapsed > 2*time.Second || r.RPS() <= 0 {
		t.Fatalf("elapsed %s, rps %.0f", r.Elapsed, r.RPS())
	}
}

func TestClosedLoopRejectsUnboundedRuns(t *testing.T) {
	for _, c := range []bench.ClosedLoop{
		{URL: "http://x/", Clients: 0, Duration: time.Second},
		{URL: "http://x/", Clients: bench.MaxClients + 1, Duration: time.Second},
		{URL: "http://x/", Clients: 1, Duration: 0},
		{URL: "http://x/", Clients: 1, Duration: bench.MaxDuration + 1},
		{Clients: 1, Duration: time.Second},
	} {
		if _, err := c.Run(context.Background()); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
}

func TestSummarizeNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	s := bench.Summarize(ds)
	if s.N != 100 || s.Min != time.Millisecond || s.P50 != 50*time.Millisecond || s.P99 != 99*time.Millisecond ||
		s.Max != 100*time.Millisecond || s.Mean != 50500*time.Microsecond {
		t.Fatalf("summary %+v", s)
	}
	if ds[0] != 100*time.Millisecond {
		t.Fatal("Summarize sorted its argument")
	}
	if (bench.Summarize(nil) != bench.Summary{}) {
		t.Fatal("empty summary not zero")
	}
	if got := bench.Summarize([]time.Duration{7}).P99; got != 7 {
		t.Fatalf("p99 of one = %v", got)
	}
}

func TestTableMarkdown(t *testing.T) {
	tb := bench.Table{Header: []string{"a", "b"}}
	tb.Add("1", "x|y")
	want := "| a | b |\n| --- | --- |\n| 1 | x\\|y |\n"
	if got := tb.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := bench.Ms(1500 * time.Microsecond); got != "1.5 ms" {
		t.Fatalf("Ms = %q", got)
	}
}
