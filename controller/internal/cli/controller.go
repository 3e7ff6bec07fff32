package cli

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi"
	"github.com/asgctl/asgctl/controller/internal/awsapi/awssdk"
	"github.com/asgctl/asgctl/controller/internal/daemon"
)

func controllerCommand() *ucli.Command {
	return &ucli.Command{
		Name:  "controller",
		Usage: "run the long-running reconciler (one controller replica)",
		Description: `Runs one replica of the asgctl controller until SIGTERM or SIGINT.

It announces itself with a heartbeat key in Consul (asgctl/controllers/<id>,
held by a session), watches asgctl/services/ for service specs, and runs one
reconcile loop per service: observe AWS and Consul, decide, act, requeue. A
loop acts only while it holds the service's Consul lock (asgctl/locks/<svc>),
and is woken at once when the service's desired state changes (asgctl promote).
Services are picked up and dropped as their specs appear and disappear; a
change of a spec's region, role_arn or external_id restarts its loop with new
AWS clients. For each service the spec's role_arn is assumed (with its
external_id) on top of the SDK's standard credential chain (AWS_REGION,
AWS_PROFILE, instance role, ...).

It also guards in-place releases: it watches deploys/ (every service with a
release record, spec or not), rolls a halted release back to the last good
release (unless it was written with --no-rollback), and records a release
every live instance is ready on as the last good one. Replicas do this with
check-and-set on the record, so only one write lands.

Several replicas may run at once, on one machine or many, each with its own
--id: every replica runs a loop for every service, and the per-service locks
make exactly one of them act. When a replica stops, its locks are released and
another replica takes its services over at its next lock retry; when a replica
dies, its Consul sessions lapse and another replica resumes its rollouts from
the rollout record after the lock TTL and lock-delay (about 30-45 s).

On SIGTERM or SIGINT it starts no new pass, lets a pass under way finish (at
most --shutdown-timeout), releases every lock and the heartbeat, and exits 0.

HTTP on --listen:
  GET /healthz   liveness: 200 "ok" while Consul answers and the heartbeat
                 is held, else 503 with the reason
  GET /readyz    readiness: as /healthz, and 503 while every service's last
                 3 passes failed (credentials gone, AWS unreachable)
  GET /metrics   Prometheus text: asgctl_controller_up, asgctl_rollouts{phase},
                 asgctl_reconcile_passes_total{service},
                 asgctl_reconcile_errors_total{service,class},
                 asgctl_lock_held{service}, asgctl_aws_calls_total{operation},
                 asgctl_aws_throttles_total{operation}

Consul is reached with the global flags: asgctl --consul-addr ADDR
--consul-token TOKEN (or --consul-token-file FILE) controller; the standard
CONSUL_HTTP_* variables work too (TLS settings included). Logs are JSON lines
on stderr.`,
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "listen", Value: "127.0.0.1:9090", EnvVars: []string{"ASGCTL_LISTEN"},
				Usage: `address of /healthz and /metrics ("" serves no HTTP)`},
			&ucli.StringFlag{Name: "id", EnvVars: []string{"ASGCTL_CONTROLLER_ID"},
				Usage: "controller id, unique among running replicas (default: hostname-pid)"},
			&ucli.StringFlag{Name: "log-level",
				Usage: "debug, info, warn or error (default: the global --log-level when given, else info)"},
			&ucli.DurationFlag{Name: "shutdown-timeout", Value: daemon.DefaultShutdownTimeout,
				Usage: "how long a pass under way at shutdown may still run"},
		},
		Action: runController,
	}
}

func runController(c *ucli.Context) error {
	if c.NArg() != 0 {
		return usagef("controller takes no arguments, got %q", c.Args().Slice())
	}
	log, err := controllerLogger(c)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := controllerConfig(ctx, c, log)
	if err != nil {
		return err
	}
	err = daemon.Run(ctx, cfg)
	switch {
	case errors.Is(err, daemon.ErrIDInUse):
		return usagef("%v", err)
	case err != nil:
		return failed("controller", err)
	}
	return nil
}

// controllerConfig opens Consul and the AWS client factory.
func controllerConfig(ctx context.Context, c *ucli.Context, log *slog.Logger) (daemon.Config, error) {
	backend, err := consulBackend(c)
	if err != nil {
		return daemon.Config{}, failed("open Consul", err)
	}
	factory, err := awssdk.New(ctx, awssdk.Options{Logger: log, AttemptTimeout: c.Duration("request-timeout")})
	if err != nil {
		return daemon.Config{}, failed("load the AWS configuration", err)
	}
	return daemon.Config{
		ID: c.String("id"), Listen: c.String("listen"), Backend: backend, Logger: log,
		Clients: func(ctx context.Context, spec api.ServiceSpec) (awsapi.Clients, error) {
			return factory.For(ctx, spec.Region, spec.RoleARN, spec.ExternalID)
		},
		AWSStats: func() (map[string]int, map[string]int) {
			s := factory.Stats()
			return s.Calls, s.Throttles
		},
		ShutdownTimeout: c.Duration("shutdown-timeout"),
	}, nil
}

// controllerLogger is the JSON logger on stderr at the command's
// --log-level, else the global one when it was given, else info (a daemon
// logs its lock and phase changes).
func controllerLogger(c *ucli.Context) (*slog.Logger, error) {
	level := c.String("log-level")
	if level == "" {
		level = "info"
		for _, p := range c.Lineage()[1:] {
			if p.IsSet("log-level") {
				level = p.String("log-level")
				break
			}
		}
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("--log-level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: lvl})), nil
}
