package cli

import (
	"fmt"
	"log/slog"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/internal/sandbox"
	"github.com/asgctl/asgctl/controller/internal/sandbox/live"
)

func sandboxCommand() *ucli.Command {
	return &ucli.Command{
		Name:  "sandbox",
		Usage: "run the rollout engine end to end on this machine, no AWS account needed",
		Description: `Runs the real controller loop against a simulated AWS (instances that boot,
ALB health checks, draining) and an in-memory store, on a time-compressed
clock: a first deploy of a 4-instance service, a 10/50/100 blue/green promote
to a new AMI, and a promote whose instances never pass health checks (reverted
automatically). Prints a timeline and a summary; exits 0 only when every
scenario ended as expected.

With --live it runs the whole system for real on the wall clock (about 90 s;
needs the Go toolchain, which builds asgctl-agent and the sample app): every
simulated instance is a real asgctl-agent process on loopback, a local
balancer stands in for the ALB data path, and steady HTTP load runs through
it. It plays a first deploy, an in-place release, a 10/50/100 promote, an
unhealthy green and a failing release, and exits 0 only when every scenario
ended as expected and no request failed.`,
		Flags: []ucli.Flag{
			&ucli.BoolFlag{Name: "live", Usage: "run real agents, a local balancer and real traffic (about 90 s)"},
			&ucli.Float64Flag{Name: "speed", Value: 60, Usage: "simulated seconds per wall second (0: as fast as possible)"},
			&ucli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of the simulated cloud's random draws (boot times, ids)"},
		},
		Action: runSandbox,
	}
}

func runSandbox(c *ucli.Context) error {
	out, err := output(c)
	if err != nil {
		return err
	}
	log, err := logger(c)
	if err != nil {
		return err
	}
	if c.Bool("live") {
		return runLiveSandbox(c, out, log)
	}
	if c.Float64("speed") < 0 {
		return ucli.Exit("--speed must be 0 or more", ExitUsage)
	}
	opts := sandbox.Options{Speed: c.Float64("speed"), Seed: c.Uint64("seed"), Logger: log}
	if out == "text" {
		opts.Out = c.App.Writer
		fmt.Fprintf(c.App.Writer, "asgctl sandbox: simulated AWS, in-memory store, %gx time\n", opts.Speed)
	}
	rep, err := sandbox.Run(c.Context, opts)
	if err != nil {
		return ucli.Exit(fmt.Sprintf("sandbox: %v", err), ExitFailed)
	}
	if out == "json" {
		if err := writeJSON(c.App.Writer, rep, true); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	if !rep.OK {
		return ucli.Exit("", ExitFailed)
	}
	return nil
}

// runLiveSandbox is `asgctl sandbox --live`.
func runLiveSandbox(c *ucli.Context, out string, log *slog.Logger) error {
	opts := live.Options{Logger: log}
	if out == "text" {
		opts.Out = c.App.Writer
		fmt.Fprintln(c.App.Writer, "asgctl sandbox --live: real asgctl-agent processes, local balancer, real traffic")
	}
	rep, err := live.Run(c.Context, opts)
	if err != nil {
		return ucli.Exit(fmt.Sprintf("sandbox: %v", err), ExitFailed)
	}
	if out == "json" {
		if err := writeJSON(c.App.Writer, rep, true); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	} else {
		fmt.Fprintf(c.App.Writer, "%d requests through the balancer, %d failed, in %.0f s\n", rep.Requests.Sent, rep.Requests.Failed, rep.WallSec)
	}
	if !rep.OK {
		return ucli.Exit("", ExitFailed)
	}
	return nil
}
