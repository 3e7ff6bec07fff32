// Package loadgen is the open-loop HTTP load the agent's tests run through
// a rotation driver while processes restart: requests go out at a fixed
// rate whatever the latency of earlier ones, each must answer 200 with a
// body starting "release=", and every other outcome counts as a failure.
// It is bounded in rate, workers and time. Drive, its pacing, also drives
// the live sandbox's traffic, which judges answers its own way.
package loadgen

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Result counts what a load run saw. Safe for concurrent use.
type Result struct {
	Sent, Failed atomic.Int64
	mu           sync.Mutex
	firstErrs    []string
	releases     map[string]int
}

// NewResult returns an empty Result.
func NewResult() *Result { return &Result{releases: map[string]int{}} }

// Errors returns the first (at most five) failures.
func (r *Result) Errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.firstErrs...)
}

// Releases counts the successful answers by body ("release=r1", ...).
func (r *Result) Releases() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.releases))
	for k, v := range r.releases {
		out[k] = v
	}
	return out
}

func (r *Result) fail(msg string) {
	r.Failed.Add(1)
	r.mu.Lock()
	if len(r.firstErrs) < 5 {
		r.firstErrs = append(r.firstErrs, msg)
	}
	r.mu.Unlock()
}

// WaitSent waits until the load has sent at least n requests, failing tb
// after 60 s.
func WaitSent(tb testing.TB, res *Result, n int64) {
	tb.Helper()
	limit := time.NewTimer(60 * time.Second)
	defer limit.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for res.Sent.Load() < n {
		select {
		case <-limit.C:
			tb.Fatalf("load sent %d requests, waited for %d", res.Sent.Load(), n)
		case <-tick.C:
		}
	}
}

// Run sends GETs to url at rate per second from workers keep-alive
// goroutines until stop is closed (or maxDur passes), then returns res.
func Run(res *Result, url string, rate, workers int, stop <-chan struct{}, maxDur time.Duration) *Result {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	defer client.CloseIdleConnections()
	Drive(rate, workers, stop, maxDur, func() { do(client, url, res) })
	return res
}

// Drive calls one rate times a second, from workers goroutines, whatever
// the time earlier calls take (calls queue up to a second's worth), until
// stop is closed or maxDur passes; it returns once the calls under way
// have finished.
func Drive(rate, workers int, stop <-chan struct{}, maxDur time.Duration, one func()) {
	jobs := make(chan struct{}, rate)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				one()
			}
		}()
	}
	pace(jobs, rate, stop, maxDur)
	close(jobs)
	wg.Wait()
}

// pace queues what the rate owes by each tick, so rates that are not a
// multiple of the tick rate come out right on average.
func pace(jobs chan<- struct{}, rate int, stop <-chan struct{}, maxDur time.Duration) {
	const tick = 10 * time.Millisecond
	ticksPerSecond := int(time.Second / tick)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()
	deadline := time.After(maxDur)
	ticks, queued := 0, 0
	for {
		select {
		case <-stop:
			return
		case <-deadline:
			return
		case <-ticker.C:
		}
		ticks++
		for ; queued < rate*ticks/ticksPerSecond; queued++ {
			select {
			case jobs <- struct{}{}:
			case <-stop:
				return
			}
		}
	}
}

func do(client *http.Client, url string, res *Result) {
	res.Sent.Add(1)
	resp, err := client.Get(url)
	if err != nil {
		res.fail(err.Error())
		return
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "release=") {
		res.fail(fmt.Sprintf("status %d body %q err %v", resp.StatusCode, body, err))
		return
	}
	res.mu.Lock()
	res.releases[strings.TrimSpace(string(body))]++
	res.mu.Unlock()
}
