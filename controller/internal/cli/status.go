package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

func statusCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "status",
		Usage:     "show where a service's rollout stands: phase, step, weights, groups, health",
		ArgsUsage: "SVC [--watch]",
		Description: `Reads the rollout record and the desired request from Consul and the
groups, listener weights and (while a rollout runs) target health from AWS.
With --watch it prints a line (or, with --output json, a JSON document per
line) on every change until interrupted.`,
		Flags: []ucli.Flag{
			&ucli.BoolFlag{Name: "watch", Usage: "print every change until interrupted"},
		},
		Action: func(c *ucli.Context) error { return runStatus(c, deps) },
	}
}

func runStatus(c *ucli.Context, deps Deps) error {
	_, e, spec, err := openService(c, deps)
	if err != nil {
		return err
	}
	if c.Bool("watch") {
		return watchStatus(e, spec)
	}
	doc, err := readStatus(e.ctx, e, spec)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(doc)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, row := range statusRows(spec, doc) {
		if row[1] != "" {
			fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
		}
	}
	return tw.Flush()
}

// readStatus reads the store and AWS and builds the status document. When
// AWS cannot be read, the document holds what Consul says and names the
// AWS failure in aws_unavailable, instead of failing the verb.
func readStatus(ctx context.Context, e *env, spec api.ServiceSpec) (statusDoc, error) {
	st, err := e.state(ctx, spec.Name)
	if err != nil {
		return statusDoc{}, failed("read state", err)
	}
	obs, err := observeStatus(ctx, e, spec, st)
	if err != nil {
		e.log.DebugContext(ctx, "aws unavailable", "service", spec.Name, "error", err)
		return consulOnlyView(spec, st, explainAWS(err)), nil
	}
	st.Rollout = obs.Rollout
	return statusView(spec, st, obs), nil
}

// observeStatus reads the service's groups, weights, health and launch
// template from AWS.
func observeStatus(ctx context.Context, e *env, spec api.ServiceSpec, st serviceState) (reconcile.Observed, error) {
	clients, err := e.deps.Clients(ctx, spec)
	if err != nil {
		return reconcile.Observed{}, fmt.Errorf("AWS clients for %s: %w", spec.Name, err)
	}
	obs, err := (&observe.Observer{Clients: clients, Store: e.store}).Observe(ctx, reconcile.Desired{Spec: spec, Request: st.Desired})
	if err != nil {
		return obs, err
	}
	if !obs.WeightsKnown {
		if obs.Weights, err = observe.ReadWeights(ctx, clients.ELBv2, spec.ListenerARN, spec.RuleARN, spec.TargetGroups); err != nil {
			return obs, err
		}
	}
	if spec.LaunchTemplateID != "" && !obs.DefaultVersionKnown {
		if obs.DefaultVersion, err = observe.ReadDefaultVersion(ctx, clients.EC2, spec.LaunchTemplateID); err != nil {
			return obs, err
		}
		obs.DefaultVersionKnown = true
	}
	return obs, nil
}

// watchStatus prints the status now and after every change until the
// command's context ends (exit 0). A failed read is reported on stderr and
// retried at the next change.
func watchStatus(e *env, spec api.ServiceSpec) error {
	last := ""
	opts := consulkv.WatchOptions{Stale: true}
	err := consulkv.WatchPrefix(e.ctx, e.deps.Clock, e.backend, api.KeyServicesPrefix+spec.Name+"/", opts,
		func(ctx context.Context, _ []consulkv.Entry) error {
			doc, err := readStatus(ctx, e, spec)
			if err != nil {
				if ctx.Err() == nil {
					fmt.Fprintln(e.stderr(), "asgctl:", err)
				}
				return nil
			}
			if line := watchLine(spec, doc, e.json); line != last {
				last = line
				if !e.json {
					line = e.deps.Clock.Now().UTC().Format(time.RFC3339) + "  " + line
				}
				fmt.Fprintln(e.stdout, line)
			}
			return nil
		})
	if e.ctx.Err() != nil {
		return nil
	}
	return failed("watch "+spec.Name, err)
}

// watchLine is one --watch line: text, or a compact JSON document.
func watchLine(spec api.ServiceSpec, doc statusDoc, asJSON bool) string {
	if !asJSON {
		return statusLine(spec, doc)
	}
	b, err := api.Encode(doc)
	if err != nil {
		return fmt.Sprintf(`{"error":%q}`, err.Error())
	}
	return string(b)
}
