package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Closed-loop bounds: no run is longer than MaxDuration, has more than
// MaxClients clients, or records more than MaxSamples latencies (further
// requests are still counted, not timed).
const (
	MaxDuration = 5 * time.Minute
	MaxClients  = 4096
	MaxSamples  = 4 << 20
)

// ClosedLoop is a closed-loop load: Clients goroutines, each with its own
// keep-alive connection, each sending its next GET as soon as the previous
// answer is read, for Duration.
type ClosedLoop struct {
	// URL is requested; an answer counts as good when it is 200 and its
	// body starts with BodyPrefix.
	URL        string
	BodyPrefix string
	// Clients is the number of concurrent keep-alive clients.
	Clients int
	// Duration is how long the load runs.
	Duration time.Duration
	// Timeout caps one request (0: 10 s).
	Timeout time.Duration
}

// LoadResult is what a closed-loop run saw.
type LoadResult struct {
	Sent, Failed int64
	Elapsed      time.Duration
	// Latencies of the good requests (at most MaxSamples), unsorted.
	Latencies []time.Duration
	// FirstErrors are up to five failures, for the report.
	FirstErrors []string
}

// RPS is the good requests per second.
func (r LoadResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Sent-r.Failed) / r.Elapsed.Seconds()
}

// Run runs the load until Duration passes or ctx ends.
func (c ClosedLoop) Run(ctx context.Context) (LoadResult, error) {
	switch {
	case c.Clients < 1 || c.Clients > MaxClients:
		return LoadResult{}, fmt.Errorf("closed loop: clients must be 1-%d, got %d", MaxClients, c.Clients)
	case c.Duration <= 0 || c.Duration > MaxDuration:
		return LoadResult{}, fmt.Errorf("closed loop: duration must be in (0, %s], got %s", MaxDuration, c.Duration)
	case c.URL == "":
		return LoadResult{}, errors.New("closed loop: no URL")
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	start := time.Now() // before the deadline is set, so Elapsed ≥ Duration
	ctx, cancel := context.WithTimeout(ctx, c.Duration)
	defer cancel()
	perClient := MaxSamples / c.Clients
	results := make([]clientResult, c.Clients)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.client(ctx, timeout, perClient)
		}()
	}
	wg.Wait()
	res := LoadResult{Elapsed: time.Since(start)}
	for _, r := range results {
		res.Sent += r.sent
		res.Failed += r.failed
		res.Latencies = append(res.Latencies, r.lat...)
		for _, e := range r.errs {
			if len(res.FirstErrors) < 5 {
				res.FirstErrors = append(res.FirstErrors, e)
			}
		}
	}
	return res, nil
}

type clientResult struct {
	sent, failed int64
	lat          []time.Duration
	errs         []string
}

// client is one keep-alive connection's loop. A request cut short by the
// end of the run is neither sent nor failed.
func (c ClosedLoop) client(ctx context.Context, timeout time.Duration, maxSamples int) clientResult {
	tr := &http.Transport{MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: timeout}
	r := clientResult{lat: make([]time.Duration, 0, min(maxSamples, 1<<16))}
	for ctx.Err() == nil {
		t0 := time.Now()
		err := get(ctx, hc, c.URL, c.BodyPrefix)
		took := time.Since(t0)
		if ctx.Err() != nil {
			break
		}
		r.sent++
		if err != nil {
			r.failed++
			if len(r.errs) < 5 {
				r.errs = append(r.errs, err.Error())
			}
			continue
		}
		if len(r.lat) < maxSamples {
			r.lat = append(r.lat, took)
		}
	}
	return r
}

func get(ctx context.Context, hc *http.Client, url, prefix string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), prefix) {
		return fmt.Errorf("status %d body %.60q", resp.StatusCode, body)
	}
	return nil
}
