package motohost

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
)

// DefaultPoll is how often the Mirror polls moto when MirrorConfig.Poll is 0.
const DefaultPoll = 250 * time.Millisecond

// MirrorConfig says whose instances the Mirror hosts, and how.
type MirrorConfig struct {
	Service     string         // the asgctl service whose groups are mirrored
	AutoScaling GroupReader    // moto's Auto Scaling API
	EC2         InstanceReader // moto's EC2 API, for the instances' AMIs
	Host        Host           // runs the instances
	Clock       clock.Clock    // nil: the wall clock
	Poll        time.Duration  // 0: DefaultPoll
	Log         *slog.Logger   // nil: discard
}

// Mirror makes a Host run exactly the instances of a service's Auto
// Scaling groups in moto that are not terminating. It also tells an
// Overlay which instances are hosted.
type Mirror struct {
	cfg    MirrorConfig
	syncMu sync.Mutex          // one Sync at a time
	mu     sync.Mutex          // guards hosted
	hosted map[string]struct{} // instance ids started and not stopped
	last   error               // the last sync error Run logged; Run's goroutine only
}

// NewMirror returns a Mirror for cfg, hosting nothing yet.
func NewMirror(cfg MirrorConfig) *Mirror {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Mirror{cfg: cfg, hosted: map[string]struct{}{}}
}

// Run syncs at once and then every Poll until ctx ends. A failed sync is
// logged and retried at the next tick, never fatal. Run leaves the hosted
// instances running when it returns; stopping them is the Host's owner's
// job (agenthost.Host.Close).
func (m *Mirror) Run(ctx context.Context) {
	for {
		err := m.Sync(ctx)
		if ctx.Err() != nil {
			return
		}
		m.logOutcome(err)
		t := m.cfg.Clock.NewTimer(m.cfg.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C():
		}
	}
}

// Hosted reports whether the Mirror has started instance id and not
// stopped it.
func (m *Mirror) Hosted(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.hosted[id]
	return ok
}

// Instances returns the hosted instance ids, sorted.
func (m *Mirror) Instances() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Sorted(maps.Keys(m.hosted))
}

// logOutcome logs a failed sync when failures start or change, and the
// recovery once.
func (m *Mirror) logOutcome(err error) {
	switch {
	case err != nil && (m.last == nil || m.last.Error() != err.Error()):
		m.cfg.Log.Warn("moto mirror sync failed; retrying", "service", m.cfg.Service, "error", err)
	case err == nil && m.last != nil:
		m.cfg.Log.Info("moto mirror sync recovered", "service", m.cfg.Service)
	}
	m.last = err
}
