package consulkv

import (
	"runtime"
	"testing"
	"time"
)

// TestMemoryContract runs the store contract suite on Memory and its fake
// clock.
func TestMemoryContract(t *testing.T) {
	RunBackendSuite(t, func(t *testing.T) *harness {
		m, clk := newMemory()
		return &harness{
			b: m, clk: clk, advance: clk.Advance,
			parked: func(t *testing.T, n int) { waitParked(t, m, n) },
		}
	})
}

// waitParked waits until n blocking queries are parked on m.
func waitParked(t *testing.T, m *Memory, n int) {
	t.Helper()
	deadline := time.NewTimer(safetyTimeout)
	defer deadline.Stop()
	for m.Waiting() < n {
		select {
		case <-deadline.C:
			t.Fatalf("%d blocking queries parked, want %d", m.Waiting(), n)
		default:
		}
		runtime.Gosched()
	}
}
