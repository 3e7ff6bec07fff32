package rotate_test

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

// loadResult counts what a load run saw.
type loadResult struct {
	sent, failed atomic.Int64
	mu           sync.Mutex
	firstErrs    []string
	releases     map[string]int
}

func newLoadResult() *loadResult { return &loadResult{releases: map[string]int{}} }

// waitSent waits until the load has sent at least n requests (bounded).
func waitSent(t *testing.T, res *loadResult, n int64) {
	t.Helper()
	limit := time.NewTimer(30 * time.Second)
	defer limit.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for res.sent.Load() < n {
		select {
		case <-limit.C:
			t.Fatalf("load sent %d requests, waited for %d", res.sent.Load(), n)
		case <-tick.C:
		}
	}
}

func (r *loadResult) fail(msg string) {
	r.failed.Add(1)
	r.mu.Lock()
	if len(r.firstErrs) < 5 {
		r.firstErrs = append(r.firstErrs, msg)
	}
	r.mu.Unlock()
}

// runLoad sends GETs to url at rate per second from workers keep-alive
// goroutines until stop is closed (or maxDur passes), then returns.
func runLoad(res *loadResult, url string, rate, workers int, stop <-chan struct{}, maxDur time.Duration) *loadResult {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	defer client.CloseIdleConnections()
	jobs := make(chan struct{}, rate)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				doRequest(client, url, res)
			}
		}()
	}
	const tick = 10 * time.Millisecond
	perTick := rate / int(time.Second/tick)
	ticker := time.NewTicker(tick)
	deadline := time.After(maxDur)
loop:
	for {
		select {
		case <-stop:
			break loop
		case <-deadline:
			break loop
		case <-ticker.C:
			for range perTick {
				jobs <- struct{}{}
			}
		}
	}
	ticker.Stop()
	close(jobs)
	wg.Wait()
	return res
}

func doRequest(client *http.Client, url string, res *loadResult) {
	res.sent.Add(1)
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
