package cli

import (
	"context"
	"io"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// Deps is everything the verbs reach outside the process through. Main
// uses ProductionDeps; tests pass an in-memory store, the simulated cloud
// and a counter for ids to MainWith.
type Deps struct {
	// Backend opens the state store for this invocation (the global
	// --consul-* flags are on c).
	Backend func(c *ucli.Context) (consulkv.Backend, error)
	// Clients returns the AWS clients of one service's account and region.
	Clients func(ctx context.Context, spec api.ServiceSpec) (awsapi.Clients, error)
	Clock   clock.Clock
	// NewID makes request ids and inline lock holder ids.
	NewID func() string
	// User is who requests are recorded as coming from (user@host).
	User string
	// IsTTY reports whether w is a terminal (a live progress bar is drawn
	// only on one).
	IsTTY func(w io.Writer) bool
	// Tuning is the inline loop's poll intervals (zero: the defaults).
	Tuning reconcile.Tuning
	// Lock tunes the inline loop's lock sessions (zero: the defaults).
	Lock consulkv.LockOptions
	// WatchWait bounds each blocking query of --wait and --watch, so
	// liveness and timeouts are rechecked at least this often; 0 = 2s.
	WatchWait time.Duration
	// ControllerGrace is how long --wait without --inline waits for a
	// controller heartbeat to appear before giving up; 0 = 5s.
	ControllerGrace time.Duration
}

// Defaults for the Deps timing fields.
const (
	DefaultWatchWait       = 2 * time.Second
	DefaultControllerGrace = 5 * time.Second
	// DefaultTimeout is --timeout's default for --wait.
	DefaultTimeout = 30 * time.Minute
	// DefaultRequestTimeout is --request-timeout's default.
	DefaultRequestTimeout = 30 * time.Second
)

func (d Deps) withDefaults() Deps {
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.IsTTY == nil {
		d.IsTTY = func(io.Writer) bool { return false }
	}
	if d.User == "" {
		d.User = "unknown"
	}
	if d.WatchWait <= 0 {
		d.WatchWait = DefaultWatchWait
	}
	if d.ControllerGrace <= 0 {
		d.ControllerGrace = DefaultControllerGrace
	}
	return d
}
