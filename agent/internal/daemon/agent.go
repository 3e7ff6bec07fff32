package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/asgctl/asgctl/agent/internal/config"
	"github.com/asgctl/asgctl/agent/internal/coord"
	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/agent/internal/report"
	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/fleet"
)

// Fetcher makes dest the unpacked, verified artifact of a release (see
// fetch.Fetcher).
type Fetcher interface {
	Fetch(ctx context.Context, rel *api.Release, dest string) error
	// CheckRecord checks what can be checked of rel without its bytes: the
	// URL against the allowlist and the signature against the digest.
	CheckRecord(rel *api.Release) error
	// Transient reports whether a Fetch error is worth retrying (anything
	// but a verdict about the artifact).
	Transient(err error) bool
}

// Deps are the agent's parts, built by the caller from the config.
type Deps struct {
	Config     *config.Config // validated, defaults filled in
	InstanceID string
	KV         consulkv.Backend
	Clock      clock.Clock
	Log        *slog.Logger
	Fetcher    Fetcher
	Driver     rotate.Driver
	Supervisor proc.Supervisor
	// Pacer hands out the service's pacing slots; nil builds the Consul
	// semaphore on KV.
	Pacer coord.Pacer
	// CompleteLaunch completes the ASG launch lifecycle action; nil when
	// no hook is configured. It must be safe to call again after success.
	CompleteLaunch func(ctx context.Context) error
	// HTTP is the client of the health checks; nil uses a default.
	HTTP *http.Client
}

// Agent runs one service on one instance. Create it with New and call Run.
type Agent struct {
	Deps
	reporter *report.Reporter
	coord    *coord.Coordinator

	// mu serialises everything that touches the processes: recovery,
	// rolls, repairs and shutdown. The fields below it are guarded by it.
	mu       sync.Mutex
	state    State
	model    []roll.Proc
	launched bool
	rendered map[fleet.Target]uint64 // config index of each env file rendered by this run

	snap     atomic.Pointer[snapshot]     // the box as last saved
	status   atomic.Pointer[coord.Status] // the coordinator's last status
	pmu      sync.Mutex                   // one report at a time; guards notified
	notified string                       // the last milestone posted to the webhook
	lastTail atomic.Value                 // string: output tail of the last failed process
	stale    atomic.Bool
}

// New returns an agent for deps.
func New(deps Deps) (*Agent, error) {
	if deps.Config == nil || deps.KV == nil || deps.Clock == nil || deps.Fetcher == nil ||
		deps.Driver == nil || deps.Supervisor == nil || deps.InstanceID == "" {
		return nil, errors.New("agent: config, instance id, Consul, clock, fetcher, rotation driver and supervisor are required")
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	if deps.HTTP == nil {
		deps.HTTP = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	}
	a := &Agent{Deps: deps, rendered: map[fleet.Target]uint64{}}
	a.reporter = report.NewReporter(deps.KV, deps.Clock, deps.Log, deps.Config.Service, deps.InstanceID, 0)
	if a.Pacer == nil {
		sem, err := consulkv.NewSemaphore(deps.KV, deps.Clock, api.KeyReleaseSlots(deps.Config.Service),
			deps.InstanceID, consulkv.SemaphoreOptions{})
		if err != nil {
			return nil, fmt.Errorf("agent: pacing semaphore: %w", err)
		}
		a.Pacer = semaphorePacer{sem}
	}
	a.coord = &coord.Coordinator{Service: deps.Config.Service, Instance: deps.InstanceID, KV: deps.KV,
		Clock: deps.Clock, Log: deps.Log, Box: a, Pacer: a.Pacer}
	return a, nil
}

// semaphorePacer adapts the Consul semaphore to coord.Pacer.
type semaphorePacer struct{ s *consulkv.Semaphore }

func (p semaphorePacer) Acquire(ctx context.Context, limit func(context.Context) (int, error)) (coord.Slot, error) {
	slot, err := p.s.Acquire(ctx, limit)
	if err != nil {
		return nil, err
	}
	return slot, nil
}
