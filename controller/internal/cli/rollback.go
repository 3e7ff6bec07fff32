package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func rollbackCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "rollback",
		Usage:     "bring back the retained previous group",
		ArgsUsage: "SVC [--wait [--timeout D]] [--inline]",
		Description: `Requests the AMI of the last completed rollout before the live one, as
a rollback: the reconciler scales its retained group back up to the live
group's size, waits until it is healthy, then moves all traffic to it in
one step (--steps walks the spec's canary steps and pauses instead). When
the retained group is gone it is launched again, with the steps. A rerun
while that rollback is in flight attaches to it.

Exit codes: 0 accepted (with --wait: complete), 1 nothing to roll back to,
or the rollback reverted or failed, 3 timed out while still in progress
(safe to rerun), 4 another rollout is in progress.`,
		Flags: append(waitFlags(), &ucli.BoolFlag{Name: "steps",
			Usage: "walk the spec's canary steps and pauses instead of moving all traffic at once"}),
		Action: func(c *ucli.Context) error { return runRollback(c, deps) },
	}
}

func runRollback(c *ucli.Context, deps Deps) error {
	w, err := parseWait(c)
	if err != nil {
		return err
	}
	svc, e, spec, err := openService(c, deps)
	if err != nil {
		return err
	}
	id := deps.NewID()
	dec, err := decideAndWrite(e, svc, func(st serviceState) (rollbackDecision, *api.Desired) {
		d := decideRollback(st)
		if d.Kind != promoteRequest {
			return d, nil
		}
		d.Target.RequestID = id
		return d, &api.Desired{Version: 1, AMI: d.AMI, RequestID: id, RequestedBy: deps.User,
			RequestedAt: deps.Clock.Now(), Rollback: true, Steps: c.Bool("steps")}
	})
	if err != nil {
		return err
	}
	doc := &outcomeDoc{Service: svc, Outcome: string(dec.Kind), AMI: dec.AMI, RequestID: dec.Target.RequestID,
		Message: dec.Message, Rollout: dec.Rollout}
	followable := dec.Kind == promoteRequest || dec.Kind == promoteAttach
	if !followable || !w.Wait {
		if followable {
			warnNoController(e, svc)
		}
		return report(e, doc, dec.exitCode())
	}
	e.textf("rollback %s: %s", svc, dec.Message)
	return waitAndReport(e, spec, w, dec.Target, api.PhaseComplete, doc)
}
