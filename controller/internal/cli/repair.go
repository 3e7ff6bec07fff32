package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func repairCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "repair",
		Usage:     "bring a service whose last rollout failed back to an honest resting state",
		ArgsUsage: "SVC [--wait [--timeout D]] [--inline]",
		Description: `A rollout ends "failed" when even its revert could not finish (for
example, blue lost its instances mid-revert). Nothing new rolls out until
the service is repaired. repair asks the reconciler to:

  1. find the target group that can serve (the one holding all the
     weight, else the one with more healthy targets) and move all traffic
     to it once it has a healthy target;
  2. restore the capacity of the group attached to it (the rollout pinned
     its minimum) and resume its scaling processes;
  3. record what it found and did on the failed rollout (see
     ` + "`asgctl status`" + ` and ` + "`asgctl history`" + `).

Afterwards the usual housekeeping applies (older groups scaled to zero or
deleted per keep_previous) and new rollouts may start. repair never
re-runs the failed request: promote it again (with --retry-failed for the
same AMI) when you want it. Repeating repair is harmless: once repaired,
or when nothing failed, it changes nothing.

Exit codes: 0 asked (with --wait: repaired) or nothing to do, 1 the repair
could not finish (the message says why), 3 timed out while still in
progress (safe to rerun).`,
		Flags:  waitFlags(),
		Action: func(c *ucli.Context) error { return runRepair(c, deps) },
	}
}

func runRepair(c *ucli.Context, deps Deps) error {
	w, err := parseWait(c)
	if err != nil {
		return err
	}
	svc, e, spec, err := openService(c, deps)
	if err != nil {
		return err
	}
	id := deps.NewID()
	dec, err := decideAndWrite(e, svc, func(st serviceState) (repairDecision, *api.Desired) {
		d := decideRepair(st, id, deps.User, deps.Clock.Now())
		return d, d.Write
	})
	if err != nil {
		return err
	}
	doc := &outcomeDoc{Service: svc, Outcome: string(dec.Kind), Message: dec.Message, Rollout: dec.Rollout, RequestID: dec.Target.Repair}
	if dec.Target.Repair == "" || !w.Wait {
		return report(e, doc, ExitOK)
	}
	e.textf("repair %s: %s", svc, dec.Message)
	return followAndReport(e, spec, w, dec.Target, doc, repairOutcome)
}

// repairOutcome turns following a repair into its exit code, result word
// ("repaired", "ended", or "in_progress" as for rollouts) and message.
func repairOutcome(res followResult) (int, string, string) {
	if res.End != endDone {
		return settled(res, api.PhaseFailed)
	}
	v := res.Verdict
	if r := v.Rollout; r != nil && r.Repaired() {
		return ExitOK, "repaired", repairedMessage(r)
	}
	return ExitFailed, "ended", v.Ended
}
