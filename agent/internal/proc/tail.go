package proc

import (
	"bytes"
	"sync"
)

// Tail bounds for captured output.
const (
	TailMaxBytes = 64 << 10
	TailMaxLines = 200
)

// tailBuffer is an io.Writer keeping only the last TailMaxBytes bytes and
// TailMaxLines lines written to it. It is safe for concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

// Write appends p and trims the buffer to its bounds; it never fails.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*TailMaxBytes {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-TailMaxBytes:]...)
	}
	return len(p), nil
}

// String returns the retained tail: at most TailMaxBytes bytes and
// TailMaxLines lines (a trailing partial line counts as a line).
func (t *tailBuffer) String() string {
	t.mu.Lock()
	b := t.buf
	if len(b) > TailMaxBytes {
		b = b[len(b)-TailMaxBytes:]
	}
	b = bytes.Clone(b)
	t.mu.Unlock()
	return string(lastLines(b, TailMaxLines))
}

// lastLines returns the suffix of b holding its last n lines.
func lastLines(b []byte, n int) []byte {
	end := len(b)
	if end > 0 && b[end-1] == '\n' {
		end--
	}
	for i := end - 1; i >= 0; i-- {
		if b[i] == '\n' {
			n--
			if n == 0 {
				return b[i+1:]
			}
		}
	}
	return b
}
