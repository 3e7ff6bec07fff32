package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

func releaseRollbackCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "rollback",
		Usage:     "roll the fleet back to the last good release",
		ArgsUsage: "SVC [--wait [--timeout D] [--inline]]",
		Description: `Writes a rollback record to deploys/SVC: the last good release (the last one
every live instance was ready on) while the current release is rolling or
halted, else the newest earlier release in the history that was ready
everywhere. The agents roll back to it paced like the release it replaces,
and boxes already on it do nothing. The controller does the same by itself
when a release halts (unless it was written with --no-rollback).

Safe to repeat: while the current record already is a rollback, nothing is
written (to go back further, release an older id explicitly). --wait follows
the rollback until every live instance is ready on it, then records it as
the last good release; --inline also rolls back again from this process,
should the rollback itself halt with an earlier good release to go to.

Exit codes: 0 written or already rolling back (with --wait: rolled back on
every live instance), 1 the rollback halted or was replaced, or the write
failed, 2 nothing to roll back to, 3 timed out (safe to rerun).`,
		Flags:  releaseWaitFlags(),
		Action: func(c *ucli.Context) error { return runReleaseRollback(c, deps) },
	}
}

func runReleaseRollback(c *ucli.Context, deps Deps) error {
	w, err := parseWait(c)
	if err != nil {
		return err
	}
	svc, err := inPlaceServiceArg(c, "release rollback SVC")
	if err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	res, err := writeRollback(e, svc)
	if err != nil {
		return err
	}
	doc := res.doc(svc)
	switch {
	case res.dec.Kind == releaseNoRollback:
		return reportRelease(e, doc, ExitUsage)
	case !w.Wait:
		return reportRelease(e, doc, ExitOK)
	}
	e.textf("%s", doc.Message)
	f := &releaseFollow{e: e, svc: svc, ours: res.rec, inline: w.Inline, timeout: w.Timeout, doc: doc}
	return f.run()
}

// writeRollback reads the record, the live reports and the history,
// decides, and writes the rollback through fleet.Successor with
// check-and-set (filing the history entry of the record it replaces),
// deciding again when another writer got there first.
func writeRollback(e *env, svc string) (writeResult, error) {
	for attempt := 0; attempt < maxWriteAttempts; attempt++ {
		st, hist, err := readReleaseState(e, svc)
		if err != nil {
			return writeResult{}, err
		}
		now := e.deps.Clock.Now()
		dec := decideReleaseRollback(svc, st.Record, hist, e.deps.User, now)
		if dec.Kind != releaseRollback {
			return writeResult{dec: dec, rec: st.Record, live: st.Live}, nil
		}
		next, ended := fleet.Successor(st.Record, *dec.Next, st.Live, now)
		ok, err := releases.Write(e.ctx, e.backend, svc, next, st.Index, ended)
		if err != nil && !ok {
			return writeResult{}, failed("write "+api.KeyDeploy(svc), err)
		}
		if ok {
			warnHistory(e, err)
			dec.Message = fmt.Sprintf("rolling the fleet back from %s (seq %d, %s) to %s config_rev %d as seq %d (max in flight %s)",
				st.Record.Release, st.Record.Seq, ended.Outcome, next.Release, next.ConfigRev, next.Seq, maxInFlightOf(next))
			return writeResult{dec: dec, rec: next, live: st.Live}, nil
		}
		e.log.DebugContext(e.ctx, "lost the release race; deciding again", "service", svc)
	}
	return writeResult{}, failed("write "+api.KeyDeploy(svc),
		fmt.Errorf("other writers changed it %d times in a row; try again", maxWriteAttempts))
}
