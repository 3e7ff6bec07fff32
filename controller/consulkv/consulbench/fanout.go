package consulbench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// Bounds of a fan-out run.
const (
	MaxWatchers = 10000
	MaxWrites   = 1000
)

// Putter writes a key (consulkv.KV is one).
type Putter interface {
	Put(ctx context.Context, key string, value []byte) error
}

// Config is one fan-out run.
type Config struct {
	// Key is watched and written.
	Key string
	// Watchers is how many WatchKey loops run; watcher i reads through
	// WatcherKV(i), so each can have its own client and connection.
	Watchers  int
	WatcherKV func(i int) (consulkv.KV, error)
	// Writer writes the key.
	Writer Putter
	// Writes is how many measured writes are made.
	Writes int
	// Gap is the pause before each write, long enough for every watcher to
	// be parked in its next blocking query (WatchKey paces calls at least
	// MinDelay apart). Default 1 s.
	Gap time.Duration
	// Arm caps the wait for every watcher's first delivery; Timeout caps
	// the wait for every armed watcher to see one write. Defaults 60 s and
	// 30 s.
	Arm, Timeout time.Duration
	// Options are the watchers' options (OnError is set by Fanout).
	Options consulkv.WatchOptions
}

// Result is what a fan-out run saw.
type Result struct {
	Watchers int
	// Armed is how many watchers delivered the key's first value in time.
	Armed int
	// ArmTook is how long arming took.
	ArmTook time.Duration
	// WatchErrors counts failed watch calls (e.g. HTTP 429 from Consul's
	// per-client connection limit); FirstErrors holds a few of them.
	WatchErrors int64
	FirstErrors []string
	Writes      []Write
}

// Write is one measured write.
type Write struct {
	// PutTook is the write's own round trip.
	PutTook time.Duration
	// Latencies are, for each armed watcher that saw this write, the time
	// from the start of the Put to its delivery; unsorted.
	Latencies []time.Duration
	// Missed is how many armed watchers did not see it within Timeout.
	Missed int
}

// Notified reports whether every watcher was armed and saw every write.
func (r Result) Notified() bool {
	if r.Armed != r.Watchers {
		return false
	}
	for _, w := range r.Writes {
		if w.Missed != 0 || len(w.Latencies) != r.Watchers {
			return false
		}
	}
	return true
}

// Fanout writes the key's first value, starts the watchers, waits until
// they delivered it, then makes Writes writes Gap apart and times each
// watcher's delivery of each. The watchers stop before it returns.
func Fanout(ctx context.Context, cfg Config) (Result, error) {
	switch {
	case cfg.Watchers < 1 || cfg.Watchers > MaxWatchers:
		return Result{}, fmt.Errorf("fan-out: watchers must be 1-%d, got %d", MaxWatchers, cfg.Watchers)
	case cfg.Writes < 1 || cfg.Writes > MaxWrites:
		return Result{}, fmt.Errorf("fan-out: writes must be 1-%d, got %d", MaxWrites, cfg.Writes)
	case cfg.Key == "" || cfg.Writer == nil || cfg.WatcherKV == nil:
		return Result{}, errors.New("fan-out: key, writer and watcher clients are required")
	}
	cfg.Gap = orDefault(cfg.Gap, time.Second)
	cfg.Arm = orDefault(cfg.Arm, time.Minute)
	cfg.Timeout = orDefault(cfg.Timeout, 30*time.Second)

	if err := cfg.Writer.Put(ctx, cfg.Key, payload(0)); err != nil {
		return Result{}, fmt.Errorf("fan-out: first write: %w", err)
	}
	// seen[w][i]: when watcher i delivered write w (unix ns; 0: not yet).
	seen := make([][]atomic.Int64, cfg.Writes+1)
	counts := make([]atomic.Int64, cfg.Writes+1)
	for w := range seen {
		seen[w] = make([]atomic.Int64, cfg.Watchers)
	}
	res := Result{Watchers: cfg.Watchers}
	var errMu sync.Mutex
	var nErr atomic.Int64
	opts := cfg.Options
	opts.OnError = func(err error, _ time.Duration) {
		nErr.Add(1)
		errMu.Lock()
		if len(res.FirstErrors) < 5 {
			res.FirstErrors = append(res.FirstErrors, err.Error())
		}
		errMu.Unlock()
	}

	wctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { stop(); wg.Wait() }()
	armStart := time.Now()
	for i := range cfg.Watchers {
		kv, err := cfg.WatcherKV(i)
		if err != nil {
			return res, fmt.Errorf("fan-out: client of watcher %d: %w", i, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = consulkv.WatchKey(wctx, clock.Real{}, kv, cfg.Key, opts, func(_ context.Context, e *consulkv.Entry) error {
				now := time.Now().UnixNano()
				if w, ok := parse(e); ok && w < len(seen) && seen[w][i].CompareAndSwap(0, now) {
					counts[w].Add(1)
				}
				return nil
			})
		}()
	}
	res.Armed = waitCount(ctx, &counts[0], cfg.Watchers, cfg.Arm)
	res.ArmTook = time.Since(armStart)
	for w := 1; w <= cfg.Writes; w++ {
		if err := sleep(ctx, cfg.Gap); err != nil {
			return finish(res, &nErr, &errMu), err
		}
		start := time.Now()
		if err := cfg.Writer.Put(ctx, cfg.Key, payload(w)); err != nil {
			return finish(res, &nErr, &errMu), fmt.Errorf("fan-out: write %d: %w", w, err)
		}
		wr := Write{PutTook: time.Since(start)}
		waitCount(ctx, &counts[w], res.Armed, cfg.Timeout)
		for i := range seen[w] {
			if at := seen[w][i].Load(); at != 0 {
				wr.Latencies = append(wr.Latencies, time.Duration(at-start.UnixNano()))
			}
		}
		wr.Missed = max(res.Armed-len(wr.Latencies), 0)
		res.Writes = append(res.Writes, wr)
	}
	return finish(res, &nErr, &errMu), nil
}

func finish(res Result, n *atomic.Int64, mu *sync.Mutex) Result {
	mu.Lock()
	defer mu.Unlock()
	res.WatchErrors = n.Load()
	res.FirstErrors = slices.Clone(res.FirstErrors)
	return res
}

// payload is the value of write w: a release-sized JSON document.
func payload(w int) []byte {
	return fmt.Appendf(nil, `{"version":1,"service":"web","release":"w%d","artifact":"s3://bucket/web/w%d.tar.gz","sha256":"%064d","config_rev":"0"}`, w, w, w)
}

// parse returns the write number in e's value.
func parse(e *consulkv.Entry) (int, bool) {
	if e == nil {
		return 0, false
	}
	s := string(e.Value)
	i := strings.Index(s, `"release":"w`)
	if i < 0 {
		return 0, false
	}
	s = s[i+len(`"release":"w`):]
	j := strings.IndexByte(s, '"')
	if j < 0 {
		return 0, false
	}
	w, err := strconv.Atoi(s[:j])
	return w, err == nil && w >= 0
}

// waitCount polls c until it reaches n, limit passes or ctx ends, and
// returns its value.
func waitCount(ctx context.Context, c *atomic.Int64, n int, limit time.Duration) int {
	deadline := time.Now().Add(limit)
	for int(c.Load()) < n && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	return int(c.Load())
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
