package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

// DefaultShutdownTimeout bounds how long a pass under way may still run
// once shutdown begins.
const DefaultShutdownTimeout = 30 * time.Second

// Config wires a controller replica. Backend and Clients are required.
type Config struct {
	// ID names the replica: its heartbeat key and the holder of its locks.
	// Default: hostname-pid.
	ID string
	// Listen is the /healthz and /metrics address, e.g. "127.0.0.1:9090";
	// "" serves no HTTP (Handler still works).
	Listen  string
	Backend consulkv.Backend
	// Clients returns a service's AWS clients (one account and Region).
	Clients func(ctx context.Context, spec api.ServiceSpec) (awsapi.Clients, error)
	// AWSStats returns AWS request and throttle counts by operation, for
	// /metrics; nil leaves those series out.
	AWSStats func() (calls, throttles map[string]int)
	Clock    clock.Clock  // nil = clock.Real{}
	Logger   *slog.Logger // nil = discard
	Tuning   reconcile.Tuning
	Lock     consulkv.LockOptions
	// ShutdownTimeout bounds a pass under way at shutdown (it runs on a
	// context shutdown does not cancel until then); 0 = 30s.
	ShutdownTimeout time.Duration
}

// withDefaults fills the zero fields and checks the required ones.
func (c Config) withDefaults() (Config, error) {
	if c.Backend == nil {
		return c, fmt.Errorf("daemon config: Backend is required")
	}
	if c.Clients == nil {
		return c, fmt.Errorf("daemon config: Clients is required")
	}
	if c.ID == "" {
		c.ID = defaultID()
	}
	if strings.ContainsAny(c.ID, "/ ") {
		return c, fmt.Errorf("daemon config: controller id %q must not contain '/' or spaces", c.ID)
	}
	if c.Clock == nil {
		c.Clock = clock.Real{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	c.Tuning = c.Tuning.WithDefaults()
	return c, nil
}

// defaultID is hostname-pid.
func defaultID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "controller"
	}
	host = strings.NewReplacer("/", "-", " ", "-").Replace(host)
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}
