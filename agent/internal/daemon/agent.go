package daemon

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/asgctl/asgctl/agent/internal/config"
	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/agent/internal/report"
	"github.com/asgctl/asgctl/agent/internal/roll"
	"github.com/asgctl/asgctl/agent/internal/rotate"
	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// Fetcher makes dest the unpacked, verified artifact of a release (see
// fetch.Fetcher).
type Fetcher interface {
	Fetch(ctx context.Context, rel *api.Release, dest string) error
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

	// mu serialises everything that touches the processes: recovery,
	// rollouts, repairs and shutdown. The fields below it are guarded by it.
	mu        sync.Mutex
	state     State
	model     []roll.Proc
	deploying bool
	launched  bool
	notified  string // the last milestone posted to the webhook

	stale atomic.Bool
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
	a := &Agent{Deps: deps}
	a.reporter = report.NewReporter(deps.KV, deps.Clock, deps.Log, deps.Config.Service, deps.InstanceID, 0)
	return a, nil
}
