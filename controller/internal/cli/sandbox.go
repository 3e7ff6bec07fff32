package cli

import (
	"fmt"
	"log/slog"
	"os"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/internal/sandbox"
	"github.com/asgctl/asgctl/controller/internal/sandbox/live"
)

func sandboxCommand() *ucli.Command {
	return &ucli.Command{
		Name:  "sandbox",
		Usage: "run the whole system on this machine with real agents and real traffic, no AWS account needed",
		Description: `Runs asgctl end to end on loopback (about 2 minutes; this binary is all
it needs: its instances run asgctl's own asgctl-agent and sample app):

  - the real controller loop against a simulated AWS in hosted mode: every
    instance it launches is a real asgctl-agent process (exec supervisor,
    builtin rotation) running the sample app, health-checked with the
    target group's settings;
  - local balancers standing in for the ALB data path of the production
    listener and of a test listener: they follow the listener weights and
    target health the controller drives, fail open and drain like the
    ALB; the production balancer's answers become the load balancer's
    per-target-group metrics (10 s resolution) for the analysis;
  - the in-memory store served over Consul's HTTP API, or a real Consul
    when --consul-addr (or CONSUL_HTTP_ADDR) is set — the run then uses a
    service name of its own (sandbox-XXXXXX) and deletes its keys at the end;
  - moto_server instead of the simulated AWS when AWS_ENDPOINT_URL is set:
    the run provisions the network, target groups and listeners there, runs
    an agent for every instance moto launches and health-checks them itself
    (moto computes no metric percentiles, so the analysis scenario is
    skipped there, and says so);
  - 100 requests per second through the balancer from the first deploy on
    (before it nothing can serve).

It plays a first deploy of a 4-instance service, a code release rolled in
place by the agents, a 10/50/100 blue/green promote to a new AMI, a promote
whose green never gets healthy (reverted automatically), a promote whose
green passes its health checks but answers 5 % of requests with 500
(reverted by the analysis of green against blue), a promote whose green
fails its smoke check through the test listener (reverted before any
production traffic) and a release whose app fails health (stopped and
restored by the agents). It prints a progress line (phase, weights,
healthy targets, agents, requests per second, failures) when that state
changes and at least every 10 s, a line per scenario and a table;
--output json prints one document with, per scenario, the outcome,
timings, AWS calls, requests sent, failed and expected to fail (the bad
green's injected errors), and green's production traffic where measured.
Exit 0 only when every scenario ended as expected and no request failed
other than the bad green's injected errors.

With --simulated it instead plays the rollout scenarios (first deploy,
promote, unhealthy green) on the simulated AWS and in-memory store alone,
on a time-compressed clock (--speed), with invariant checks after every
pass: no processes, no traffic, a few seconds.`,
		Flags: []ucli.Flag{
			&ucli.BoolFlag{Name: "simulated", Usage: "play the rollout scenarios on a time-compressed simulated clock, without agents or traffic"},
			&ucli.Float64Flag{Name: "speed", Value: 60, Usage: "with --simulated: simulated seconds per wall second (0: as fast as possible)"},
			&ucli.Uint64Flag{Name: "seed", Value: 1, Usage: "with --simulated: seed of the simulated cloud's random draws (boot times, ids)"},
			&ucli.BoolFlag{Name: "live", Hidden: true, Usage: "the default; kept so older invocations still work"},
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
	if !c.Bool("simulated") {
		for _, f := range []string{"speed", "seed"} {
			if c.IsSet(f) {
				return ucli.Exit(fmt.Sprintf("--%s applies to --simulated only", f), ExitUsage)
			}
		}
		return runLiveSandbox(c, out, log)
	}
	if c.Bool("live") {
		return ucli.Exit("--live and --simulated exclude each other", ExitUsage)
	}
	return runSimulatedSandbox(c, out, log)
}

// runSimulatedSandbox is `asgctl sandbox --simulated`.
func runSimulatedSandbox(c *ucli.Context, out string, log *slog.Logger) error {
	if c.Float64("speed") < 0 {
		return ucli.Exit("--speed must be 0 or more", ExitUsage)
	}
	opts := sandbox.Options{Speed: c.Float64("speed"), Seed: c.Uint64("seed"), Logger: log}
	if out == "text" {
		opts.Out = c.App.Writer
		fmt.Fprintf(c.App.Writer, "asgctl sandbox --simulated: simulated AWS, in-memory store, %gx time\n", opts.Speed)
	}
	rep, err := sandbox.Run(c.Context, opts)
	if err != nil {
		return ucli.Exit(fmt.Sprintf("sandbox: %v", err), ExitFailed)
	}
	return sandboxVerdict(c, out, rep, rep.OK)
}

// runLiveSandbox is `asgctl sandbox`.
func runLiveSandbox(c *ucli.Context, out string, log *slog.Logger) error {
	opts := live.Options{Logger: log, AWSEndpoint: os.Getenv("AWS_ENDPOINT_URL")}
	if c.IsSet("consul-addr") {
		opts.Consul = live.ConsulOptions{Address: c.String("consul-addr"), Token: c.String("consul-token"),
			TokenFile: c.String("consul-token-file")}
	}
	if out == "text" {
		opts.Out = c.App.Writer
		fmt.Fprintln(c.App.Writer, "asgctl sandbox: real asgctl-agent processes, local balancers, real traffic")
	}
	rep, err := live.Run(c.Context, opts)
	if err != nil {
		return ucli.Exit(fmt.Sprintf("sandbox: %v", err), ExitFailed)
	}
	if out == "text" {
		live.Summary(c.App.Writer, rep)
	}
	return sandboxVerdict(c, out, rep, rep.OK)
}

// sandboxVerdict prints the JSON document when asked and exits 1 unless ok.
func sandboxVerdict(c *ucli.Context, out string, rep any, ok bool) error {
	if out == "json" {
		if err := writeJSON(c.App.Writer, rep, true); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	if !ok {
		return ucli.Exit("", ExitFailed)
	}
	return nil
}
