package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func abortCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "abort",
		Usage:     "revert the rollout in progress",
		ArgsUsage: "SVC [--wait [--timeout D]] [--inline]",
		Description: `Asks the rollout in progress to revert: all traffic back to the live
group, then green is removed. A request not yet picked up is withdrawn.
Nothing in progress is not an error. Repeating it is harmless.

Exit codes: 0 asked (with --wait: reverted), 1 the rollout completed or
failed instead, or it is past its rollback window (use rollback), 3 timed
out while still in progress (safe to rerun).`,
		Flags:  waitFlags(),
		Action: func(c *ucli.Context) error { return runAbort(c, deps) },
	}
}

func runAbort(c *ucli.Context, deps Deps) error {
	w, err := parseWait(c)
	if err != nil {
		return err
	}
	svc, e, spec, err := openService(c, deps)
	if err != nil {
		return err
	}
	dec, err := decideAndWrite(e, svc, func(st serviceState) (abortDecision, *api.Desired) {
		d := decideAbort(st, deps.User, deps.Clock.Now())
		return d, d.Write
	})
	if err != nil {
		return err
	}
	doc := &outcomeDoc{Service: svc, Outcome: string(dec.Kind), Message: dec.Message, Rollout: dec.Rollout}
	if r := dec.Rollout; r != nil {
		doc.AMI, doc.RequestID = r.AMI, r.RequestID
	} else if d := dec.Write; d != nil {
		doc.AMI, doc.RequestID = d.AMI, d.RequestID
	}
	if dec.Target.Seq == 0 || !w.Wait || dec.Kind == abortTooLate {
		return report(e, doc, dec.exitCode())
	}
	e.textf("abort %s: %s", svc, dec.Message)
	return waitAndReport(e, spec, w, dec.Target, api.PhaseReverted, doc)
}
