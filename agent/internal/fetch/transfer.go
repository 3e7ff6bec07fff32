package fetch

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// progressEvery is how often a running download logs its progress.
const progressEvery = 5 * time.Second

// transfer watches one download: it ends the request (cancelling its
// context with a *timeoutError) when the whole download passes its
// deadline or the body delivers no byte for the stall timeout, and logs
// progress. All its timers come from the injected clock.
type transfer struct {
	clock  clock.Clock
	log    *slog.Logger
	limits timeouts
	cancel context.CancelCauseFunc
	start  time.Time

	received atomic.Int64 // body bytes so far
	total    atomic.Int64 // body size from the response; -1 unknown
	answered atomic.Bool  // the response headers arrived
	lastData atomic.Int64 // clock time (UnixNano) of the last byte, or start

	deadline, stall, tick clock.Timer // nil when not armed
	done, exited          chan struct{}
	stopOnce              sync.Once
}

// timeouts are a download's limits; zero disables one.
type timeouts struct {
	download, stall time.Duration
}

// startTransfer arms the timers (before the request is made, so the
// deadline covers it) and starts the watcher. stop must be called.
func startTransfer(clk clock.Clock, log *slog.Logger, lim timeouts, cancel context.CancelCauseFunc) *transfer {
	t := &transfer{clock: clk, log: log, limits: lim, cancel: cancel, start: clk.Now(),
		done: make(chan struct{}), exited: make(chan struct{})}
	t.total.Store(-1)
	t.lastData.Store(t.start.UnixNano())
	if lim.download > 0 {
		t.deadline = clk.NewTimer(lim.download)
	}
	if lim.stall > 0 {
		t.stall = clk.NewTimer(lim.stall)
	}
	t.tick = clk.NewTimer(progressEvery)
	go t.watch()
	return t
}

// answer records that the response arrived with size bytes (-1 unknown).
func (t *transfer) answer(size int64) {
	t.total.Store(size)
	t.answered.Store(true)
}

// body returns r counting its bytes for the watcher.
func (t *transfer) body(r io.Reader) io.Reader { return &countingReader{r: r, t: t} }

// stop ends the watcher and waits for it, so nothing is logged or
// cancelled after it returned. It may be called more than once.
func (t *transfer) stop() {
	t.stopOnce.Do(func() { close(t.done) })
	<-t.exited
}

type countingReader struct {
	r io.Reader
	t *transfer
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.t.lastData.Store(c.t.clock.Now().UnixNano())
		c.t.received.Add(int64(n))
	}
	return n, err
}

// watch runs until stop or until it ends the download.
func (t *transfer) watch() {
	defer close(t.exited)
	defer t.stopTimers()
	nextTick, lastTick, lastBytes := t.start.Add(progressEvery), t.start, int64(0)
	for {
		select {
		case <-t.done:
			return
		case <-chanOf(t.deadline):
			t.deadline = nil
			t.cancel(t.deadlineError())
			return
		case <-chanOf(t.stall):
			t.stall = nil
			idle := t.clock.Now().Sub(time.Unix(0, t.lastData.Load()))
			if idle >= t.limits.stall {
				t.cancel(t.stallError())
				return
			}
			t.stall = t.clock.NewTimer(t.limits.stall - idle)
		case at := <-chanOf(t.tick):
			t.tick = t.armTick(&nextTick)
			n := t.received.Load()
			t.logProgress(n, rate(n-lastBytes, at.Sub(lastTick)))
			lastTick, lastBytes = at, n
		}
	}
}

// armTick arms the progress tick after *next, every progressEvery from the
// start; when the watcher fell a whole interval behind (a suspended
// machine) it restarts from now rather than log the missed ticks at once.
func (t *transfer) armTick(next *time.Time) clock.Timer {
	now := t.clock.Now()
	*next = next.Add(progressEvery)
	if !next.After(now) {
		*next = now.Add(progressEvery)
	}
	return t.clock.NewTimer(next.Sub(now))
}

// chanOf is a timer's channel, or nil (never ready) for no timer.
func chanOf(t clock.Timer) <-chan time.Time {
	if t == nil {
		return nil
	}
	return t.C()
}

func (t *transfer) stopTimers() {
	for _, tm := range []clock.Timer{t.deadline, t.stall, t.tick} {
		if tm != nil {
			tm.Stop()
		}
	}
}

func (t *transfer) logProgress(n int64, rate string) {
	attrs := []any{"bytes", n}
	if total := t.total.Load(); total >= 0 {
		attrs = append(attrs, "total_bytes", total)
	}
	t.log.Info("artifact downloading", append(attrs, "rate", rate)...)
}

// finished stops the watcher and logs the completed download once.
func (t *transfer) finished() {
	t.stop()
	n, took := t.received.Load(), t.clock.Now().Sub(t.start)
	t.log.Info("artifact downloaded", "bytes", n, "duration", took, "rate", rate(n, took))
}

// rate formats n bytes over d as "2.4 MB/s".
func rate(n int64, d time.Duration) string {
	if d <= 0 {
		return "n/a"
	}
	return humanBytes(int64(float64(n)/d.Seconds())) + "/s"
}
