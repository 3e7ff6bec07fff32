package fleetsim

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/fleet"
)

// simBox is a simulated instance: what it serves, the failure it
// recorded and the releases on its disk outlive its agent's crashes, as a
// disk would. Fetch and roll take simulated time.
type simBox struct {
	spec boxSpec
	clk  clock.Clock
	// fails reports whether the box fails target t for good when it
	// rolls to it.
	fails func(t fleet.Target) bool
	// renderFails draws whether an agent run's read of the config fails.
	renderFails func(actor string) bool
	// onFailed hears of each failure recorded on the box's disk.
	onFailed func()

	mu sync.Mutex
	// flakyUntil: fetches fail transiently before it (zero: never).
	flakyUntil time.Time
	serving    fleet.Target
	failed     fleet.Failure
	why        string
	onDisk     map[string]bool // release digests fetched
	rolling    *fleet.Target   // the roll in progress, nil when none
}

// view is what the box serves and rolls to now.
func (b *simBox) view() (serving fleet.Target, rolling *fleet.Target) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.serving, b.rolling
}

// boxHandle is one agent run's hold on its box: it implements coord.Box,
// and once that run crashed it does nothing (the process is gone), while
// the box keeps what it had.
type boxHandle struct {
	b   *simBox
	inc *incarnation
}

var _ coord.Box = (*boxHandle)(nil)

// Serving is what the box serves.
func (h *boxHandle) Serving() fleet.Target {
	s, _ := h.b.view()
	return s
}

// Fetch puts ref's release on disk: at once when it is there already,
// else after the box's fetch time, failing transiently while the box is
// flaky.
func (h *boxHandle) Fetch(ctx context.Context, ref api.ReleaseRef) error {
	b := h.b
	b.mu.Lock()
	have := b.onDisk[ref.SHA256]
	b.mu.Unlock()
	if have {
		return h.inc.alive()
	}
	if err := h.inc.sleep(ctx, b.spec.Fetch); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.clk.Now().Before(b.flakyUntil) {
		return fmt.Errorf("download %s: connection reset by peer (simulated)", ref.Artifact)
	}
	b.onDisk[ref.SHA256] = true
	return nil
}

// Render writes the config of t; reading the config from Consul fails
// transiently at the seed's error rate.
func (h *boxHandle) Render(context.Context, fleet.Target) (uint64, error) {
	if err := h.inc.alive(); err != nil {
		return 0, err
	}
	if h.b.renderFails(h.inc.kv.actor) {
		return 0, fmt.Errorf("read the config: %w", errInjected)
	}
	return 1, nil
}

// Roll moves the box to t over its roll time. A target the box fails
// fails for good half way, and the box is back on what it served. A roll
// cut short (the agent crashed or stopped) leaves the box on what it
// served, as the agent's recovery would.
func (h *boxHandle) Roll(ctx context.Context, t fleet.Target) error {
	b := h.b
	if err := h.inc.alive(); err != nil {
		return err
	}
	b.setRolling(&t)
	defer b.setRolling(nil)
	if b.fails(t) {
		if err := h.inc.sleep(ctx, b.spec.Roll/2); err != nil {
			return err
		}
		return coord.Final(fmt.Errorf("process 0 on %s: health check failed 3 times (simulated bad release)", t))
	}
	if err := h.inc.sleep(ctx, b.spec.Roll); err != nil {
		return err
	}
	b.mu.Lock()
	b.serving = t
	b.mu.Unlock()
	return nil
}

func (b *simBox) setRolling(t *fleet.Target) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.rolling = t
}

// Failed is the failure the box recorded.
func (h *boxHandle) Failed() (fleet.Failure, string) {
	h.b.mu.Lock()
	defer h.b.mu.Unlock()
	return h.b.failed, h.b.why
}

// SetFailed records a failure on the box's disk (nothing once the run
// crashed).
func (h *boxHandle) SetFailed(f fleet.Failure, why string) {
	if h.inc.alive() != nil {
		return
	}
	h.b.mu.Lock()
	h.b.failed, h.b.why = f, why
	h.b.mu.Unlock()
	h.b.onFailed()
}

// Publish writes the agent's report (nothing once the run crashed).
func (h *boxHandle) Publish(s coord.Status) {
	if h.inc.alive() != nil {
		return
	}
	h.inc.publish(s)
}
