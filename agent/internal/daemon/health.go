package daemon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// maxProbeTimeout caps one health request.
const maxProbeTimeout = 2 * time.Second

// detectEvery is how often a process is probed until its first passing
// check (at most the interval): a process that comes up is seen within
// this, not within a whole interval. The passing checks that must follow
// are spaced by the interval.
const detectEvery = 20 * time.Millisecond

// errExited reports a process that exited while its health was checked.
var errExited = errors.New("process exited")

// healthCheck is the k-of-n check of one process on its own port: a GET of
// path on 127.0.0.1 every detectEvery until the first 2xx answer, then
// every interval; successes 2xx answers in a row pass it (a failed answer
// starts over), and it fails when timeout passes first or the process
// exits.
type healthCheck struct {
	client    *http.Client
	clk       clock.Clock
	path      string
	interval  time.Duration
	successes int
	timeout   time.Duration
}

// wait runs the check on port; alive reports whether the process still runs.
func (h healthCheck) wait(ctx context.Context, port int, alive func() bool) error {
	deadline := h.clk.NewTimer(h.timeout)
	defer deadline.Stop()
	url := "http://127.0.0.1:" + strconv.Itoa(port) + h.path
	row, last := 0, "no check ran"
	for {
		if !alive() {
			return fmt.Errorf("health %s: %w before it was healthy", url, errExited)
		}
		if err := h.probe(ctx, url); err != nil {
			row, last = 0, err.Error()
		} else if row++; row >= h.successes {
			return nil
		}
		tick := h.clk.NewTimer(h.next(row))
		select {
		case <-ctx.Done():
			tick.Stop()
			return fmt.Errorf("health %s: %w", url, ctx.Err())
		case <-deadline.C():
			tick.Stop()
			return fmt.Errorf("health %s: not %d passing checks in a row within %s; last: %s", url, h.successes, h.timeout, last)
		case <-tick.C():
		}
	}
}

// next is the wait before the next probe after row passing checks.
func (h healthCheck) next(row int) time.Duration {
	if row == 0 {
		return min(detectEvery, h.interval)
	}
	return h.interval
}

// probe is one GET; a non-2xx status is an error.
func (h healthCheck) probe(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, min(h.interval*2, maxProbeTimeout))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
