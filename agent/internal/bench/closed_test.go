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
