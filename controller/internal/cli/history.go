package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func historyCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "history",
		Usage:     "list finished rollouts, newest first",
		ArgsUsage: "SVC",
		Description: `Lists the finished rollouts Consul keeps (the last 50): complete,
reverted or failed, with when, how long and why. JSON: an array of rollout
records.`,
		Action: func(c *ucli.Context) error { return runHistory(c, deps) },
	}
}

func runHistory(c *ucli.Context, deps Deps) error {
	svc, err := serviceArg(c)
	if err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	if _, err := e.spec(svc); err != nil {
		return err
	}
	st, err := e.state(e.ctx, svc)
	if err != nil {
		return failed("read history", err)
	}
	done := st.finished()
	if done == nil {
		done = []api.Rollout{}
	}
	if e.json {
		return e.printJSON(done)
	}
	if len(done) == 0 {
		e.textf("no finished rollouts of %s yet", svc)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tROLLOUT\tAMI\tRESULT\tSTARTED\tTOOK\tREASON")
	for _, r := range done {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Seq, r.ID, r.AMI, historyResult(r),
			r.StartedAt.UTC().Format(time.RFC3339), took(r), orDash(r.Reason))
	}
	return tw.Flush()
}

// historyResult is the phase, marked when the rollout was a rollback.
func historyResult(r api.Rollout) string {
	if r.Reused {
		return string(r.Phase) + " (rollback)"
	}
	return string(r.Phase)
}

func took(r api.Rollout) string {
	if r.FinishedAt.IsZero() {
		return "-"
	}
	return fmtDur(r.FinishedAt.Sub(r.StartedAt))
}
