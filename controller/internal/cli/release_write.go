package cli

import (
	"errors"
	"fmt"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

// writeResult is what writeRelease came to: the decision, the record now
// current (the one written, or the one already there), and the live
// reports it was decided on.
type writeResult struct {
	dec  releaseDecision
	rec  *api.Release
	live []api.AgentReport
}

// doc is the JSON document of w.
func (w writeResult) doc(svc string) *releaseDoc {
	d := &releaseDoc{Service: svc, Key: api.KeyDeploy(svc), Outcome: w.dec.Kind, Release: w.rec, Message: w.dec.Message}
	if w.rec != nil {
		d.Seq, d.Phase = w.rec.Seq, fleet.Phase(w.rec, w.live)
	}
	return d
}

// writeRelease reads deploys/<svc>, the live reports and the history,
// decides, claims the release id and writes the successor record with
// check-and-set on the index read (and the history entry of the record
// it replaces), deciding again when another writer got there first.
func writeRelease(e *env, svc string, want api.Release, retry bool) (writeResult, error) {
	claimed := false
	for attempt := 0; attempt < maxWriteAttempts; attempt++ {
		st, hist, err := readReleaseState(e, svc)
		if err != nil {
			return writeResult{}, err
		}
		dec := decideRelease(svc, st.Record, hist, want, retry)
		if dec.Kind != releaseWrite {
			rec := st.Record
			if dec.Failed != nil {
				rec = dec.Failed
			}
			return writeResult{dec: dec, rec: rec, live: st.Live}, nil
		}
		if !claimed {
			if w, refused, err := claimID(e, svc, dec.Next); refused || err != nil {
				return w, err
			}
			claimed = true
		}
		next, ended := fleet.Successor(st.Record, *dec.Next, st.Live, e.deps.Clock.Now())
		ok, err := releases.Write(e.ctx, e.backend, svc, next, st.Index, ended)
		if err != nil && !ok {
			return writeResult{}, failed("write "+api.KeyDeploy(svc), err)
		}
		if ok {
			warnHistory(e, err)
			dec.Message = writtenMessage(st.Record, ended, next)
			return writeResult{dec: dec, rec: next, live: st.Live}, nil
		}
		e.log.DebugContext(e.ctx, "lost the release race; deciding again", "service", svc)
	}
	return writeResult{}, failed("write "+api.KeyDeploy(svc),
		fmt.Errorf("other writers changed it %d times in a row; try again", maxWriteAttempts))
}

// readReleaseState reads the record, the live reports and the history.
func readReleaseState(e *env, svc string) (releases.State, []api.ReleaseHistory, error) {
	st, err := releases.Read(e.ctx, e.backend, svc)
	if err != nil {
		return st, nil, failed("read the release of "+svc, err)
	}
	warnSkipped(e, st.Skipped)
	hist, err := releases.History(e.ctx, e.backend, svc, 0)
	if err != nil {
		return st, nil, failed("read the release history of "+svc, err)
	}
	return st, hist, nil
}

// claimID claims next's id; refused is true (with the decision to
// report) when the id already names another artifact.
func claimID(e *env, svc string, next *api.Release) (w writeResult, refused bool, err error) {
	err = releases.Claim(e.ctx, e.backend, svc, next)
	var inUse *releases.IDInUseError
	switch {
	case errors.As(err, &inUse):
		dec := releaseDecision{Kind: releaseReused, Message: reusedMessage(next, inUse.Have.Artifact, inUse.Have.SHA256)}
		return writeResult{dec: dec}, true, nil
	case err != nil:
		return writeResult{}, true, failed("claim release id "+next.Release, err)
	}
	return writeResult{}, false, nil
}

// warnHistory warns that the record is written but its predecessor's
// history entry is not (err nil: nothing to say).
func warnHistory(e *env, err error) {
	if err != nil {
		fmt.Fprintf(e.stderr(), "asgctl: warning: %v\n", err)
	}
}

// warnSkipped warns about agent reports that do not decode.
func warnSkipped(e *env, skipped error) {
	if skipped != nil {
		fmt.Fprintf(e.stderr(), "asgctl: warning: ignoring %v\n", skipped)
	}
}

// writtenMessage says what a write did: next replaced cur, which ended as
// ended says.
func writtenMessage(cur *api.Release, ended *api.ReleaseHistory, next *api.Release) string {
	from := "first release"
	if cur != nil {
		from = fmt.Sprintf("replaces %s seq %d, %s", cur.Release, cur.Seq, ended.Outcome)
	}
	rollback := ""
	if next.NoRollback {
		rollback = ", no rollback"
	}
	return fmt.Sprintf("release %s of %s written as seq %d (%s; config_rev %d, max in flight %s%s)",
		next.Release, next.Artifact, next.Seq, from, next.ConfigRev, maxInFlightOf(next), rollback)
}

// maxInFlightOf is rec's pacing as written, or the default.
func maxInFlightOf(rec *api.Release) string {
	if rec.MaxInFlight == "" {
		return api.DefaultMaxInFlight
	}
	return rec.MaxInFlight
}
