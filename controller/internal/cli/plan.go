package cli

import (
	"fmt"
	"strings"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/observe"
	"github.com/asgctl/asgctl/controller/internal/reconcile"
)

func planCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "plan",
		Usage:     "print the actions promote would take now, changing nothing",
		ArgsUsage: "SVC --ami AMI",
		Description: `Observes the service (AWS and Consul) and runs the reconciler's decision
for a request of AMI made now, without applying it. Prints the phase, the
reason and one line per action (JSON: the plan).`,
		Flags: []ucli.Flag{
			&ucli.StringFlag{Name: "ami", Usage: "the AMI a promote would request"},
		},
		Action: func(c *ucli.Context) error { return runPlan(c, deps) },
	}
}

func runPlan(c *ucli.Context, deps Deps) error {
	svc, err := serviceArg(c)
	if err != nil {
		return err
	}
	ami := c.String("ami")
	if err := checkAMI(ami); err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	spec, err := e.spec(svc)
	if err != nil {
		return err
	}
	d, _, err := e.store.Desired(e.ctx, svc)
	if err != nil {
		return failed("read the desired request of "+svc, err)
	}
	req := planRequest(d, ami, deps)
	clients, err := deps.Clients(e.ctx, spec)
	if err != nil {
		return failed("AWS clients for "+svc, err)
	}
	want := reconcile.Desired{Spec: spec, Request: req, Tuning: deps.Tuning}
	obs, err := (&observe.Observer{Clients: clients, Store: e.store}).Observe(e.ctx, want)
	if err != nil {
		return failed("observe "+svc, err)
	}
	plan := reconcile.Decide(obs, want, deps.Clock.Now())
	if e.json {
		return e.printJSON(plan)
	}
	e.textf("plan for %s --ami %s: %s", svc, ami, plan.Phase)
	e.textf("reason: %s", orDash(plan.Reason))
	if g, ok := observedLive(obs); ok {
		if drift := reconcile.LaunchDrift(obs, spec, g, false); drift != "" {
			e.textf("launch: %s", drift)
		}
	}
	if len(plan.Actions) == 0 {
		e.textf("no actions")
	}
	for _, a := range plan.Actions {
		e.textf("  %s", actionText(spec, a))
	}
	return nil
}

// planRequest is the request the plan decides on: the current one when it
// is for ami (so approvals and aborts count), else a new one made now.
func planRequest(d *api.Desired, ami string, deps Deps) *api.Desired {
	if d != nil && d.AMI == ami && !d.Abort {
		return d
	}
	return &api.Desired{Version: 1, AMI: ami, RequestID: "plan", RequestedBy: deps.User, RequestedAt: deps.Clock.Now()}
}

// actionText is one action for people.
func actionText(spec api.ServiceSpec, a reconcile.Action) string {
	switch a.Kind {
	case reconcile.ActWriteRollout:
		r := a.Rollout
		return fmt.Sprintf("write rollout record %s: %s", r.ID, phaseStep(r, len(spec.Steps)))
	case reconcile.ActAppendHistory:
		return fmt.Sprintf("append %s (%s) to history", a.Rollout.ID, a.Rollout.Phase)
	case reconcile.ActCreateLTVersion:
		return fmt.Sprintf("create a version of launch template %s from version %s with %s", a.LaunchTemplateID, orDash(a.SourceVersion), a.AMI)
	case reconcile.ActCreateGroup:
		return fmt.Sprintf("create group %s from %s version %s (desired %d) on %s",
			a.Group, a.LaunchTemplateID, a.LaunchTemplateVersion, a.Capacity.Desired, tgName(a.TargetGroup))
	case reconcile.ActUpdateCapacity:
		return fmt.Sprintf("set %s capacity to min %d, max %d, desired %d", a.Group, a.Capacity.Min, a.Capacity.Max, a.Capacity.Desired)
	case reconcile.ActSuspendProcesses, reconcile.ActResumeProcesses:
		verb := strings.TrimSuffix(string(a.Kind), "_processes")
		return fmt.Sprintf("%s %s on %s", verb, strings.Join(a.Processes, ", "), a.Group)
	case reconcile.ActSetWeights:
		return "set weights " + weightsText(spec, a.Weights)
	case reconcile.ActDeleteGroup:
		return "delete group " + a.Group
	}
	return string(a.Kind)
}
