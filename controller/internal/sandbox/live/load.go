package live

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asgctl/asgctl/internal/loadgen"
)

// Load through the balancer while the scenarios play.
const (
	loadRate    = 100
	loadWorkers = 16
	// maxLoadDuration bounds the load even if a run never stops it.
	maxLoadDuration = 30 * time.Minute
	// maxFailureSamples is how many failures of the system a run keeps
	// the words of.
	maxFailureSamples = 5
)

// injectedMark is in the body of every answer the sample app fails on
// purpose (--error-fraction): "release=<id> injected error (…)".
const injectedMark = " injected error ("

// verdict is how one request of the load ended.
type verdict int

const (
	served   verdict = iota // 200 with a body naming the release
	injected                // a 500 the app gave on purpose (a bad green's)
	failed                  // anything else: a failure of the system
)

// classify judges one answer: 200 with a body starting "release=" is
// served, a 500 whose body is the sample app's injected error is
// expected, and everything else (an error, another status or body) is a
// failure of the system.
func classify(status int, body string, err error) verdict {
	switch {
	case err != nil:
		return failed
	case status == http.StatusOK && strings.HasPrefix(body, "release="):
		return served
	case status == http.StatusInternalServerError && strings.HasPrefix(body, "release=") && strings.Contains(body, injectedMark):
		return injected
	}
	return failed
}

// loadCounts count what the load saw; safe for concurrent use.
type loadCounts struct {
	sent, failed, injected atomic.Int64
	mu                     sync.Mutex
	samples                []string // the first failures of the system
}

// requests is what the counts say now.
func (c *loadCounts) requests() Requests {
	return Requests{Sent: c.sent.Load(), Failed: c.failed.Load(), ExpectedFailed: c.injected.Load()}
}

// record counts a request that ended v; what says how, for a failure.
func (c *loadCounts) record(v verdict, what func() string) {
	switch v {
	case injected:
		c.injected.Add(1)
	case failed:
		c.failed.Add(1)
		c.mu.Lock()
		if len(c.samples) < maxFailureSamples {
			c.samples = append(c.samples, what())
		}
		c.mu.Unlock()
	}
}

func (c *loadCounts) failureSamples() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.samples...)
}

// load is the steady open-loop traffic through the balancer, started
// once: loadRate GETs a second whatever the latency of earlier ones, from
// loadWorkers keep-alive connections.
type load struct {
	url     string
	counts  loadCounts
	client  *http.Client
	quit    chan struct{}
	done    chan struct{}
	started bool
}

func newLoad(url string) *load {
	return &load{url: url, quit: make(chan struct{}), done: make(chan struct{}),
		client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: loadWorkers}}}
}

func (l *load) start() {
	l.started = true
	go func() {
		defer close(l.done)
		loadgen.Drive(loadRate, loadWorkers, l.quit, maxLoadDuration, l.one)
		l.client.CloseIdleConnections()
	}()
}

// one sends one request and counts how it ended.
func (l *load) one() {
	l.counts.sent.Add(1)
	resp, err := l.client.Get(l.url)
	status, body := 0, ""
	if err == nil {
		b, rerr := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		status, body, err = resp.StatusCode, string(b), rerr
	}
	l.counts.record(classify(status, body, err), func() string {
		return fmt.Sprintf("status %d body %q error %v", status, strings.TrimSpace(body), err)
	})
}

func (l *load) stop() {
	if l.started {
		close(l.quit)
		<-l.done
	}
}
