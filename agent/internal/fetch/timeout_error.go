package fetch

import (
	"context"
	"fmt"
)

// timeoutError is why the watcher ended a download: its deadline passed
// or the body stalled. It matches context.DeadlineExceeded with errors.Is.
type timeoutError struct{ msg string }

func (e *timeoutError) Error() string { return e.msg }

// Unwrap makes a timed-out download a deadline like any other.
func (e *timeoutError) Unwrap() error { return context.DeadlineExceeded }

func (t *transfer) deadlineError() error {
	if !t.answered.Load() {
		return &timeoutError{fmt.Sprintf("no response within %s (artifacts.download_timeout)", t.limits.download)}
	}
	return &timeoutError{fmt.Sprintf("not finished within %s (artifacts.download_timeout) after %s", t.limits.download, t.sofar())}
}

func (t *transfer) stallError() error {
	if !t.answered.Load() {
		return &timeoutError{fmt.Sprintf("no response for %s (artifacts.stall_timeout)", t.limits.stall)}
	}
	return &timeoutError{fmt.Sprintf("no data for %s after %s (artifacts.stall_timeout)", t.limits.stall, t.sofar())}
}

// sofar is "12.3 MB of 80.0 MB", or "12.3 MB" when the size is unknown.
func (t *transfer) sofar() string {
	n := humanBytes(t.received.Load())
	if total := t.total.Load(); total >= 0 {
		return n + " of " + humanBytes(total)
	}
	return n
}

// humanBytes formats n in decimal units: "512 B", "1.5 kB", "12.3 MB".
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	value, prefixes := float64(n)/unit, "kMGTPE"
	i := 0
	for value >= unit-0.05 && i < len(prefixes)-1 { // 999.96 kB prints as 1.0 MB

		value /= unit
		i++
	}
	return fmt.Sprintf("%.1f %cB", value, prefixes[i])
}
