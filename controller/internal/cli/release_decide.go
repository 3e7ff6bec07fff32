package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// releaseKind is what `release SVC` or `release rollback SVC` comes to.
type releaseKind string

const (
	releaseWrite        releaseKind = "released"             // deploys/<svc> written
	releaseUnchanged    releaseKind = "unchanged"            // the same release is already there
	releaseReused       releaseKind = "id-in-use"            // the id already names another artifact
	releaseFailedBefore releaseKind = "previously-failed"    // the release halted; --retry-failed writes it again
	releaseRollback     releaseKind = "rollback"             // a rollback record written
	releaseNoRollback   releaseKind = "nothing-to-roll-back" // no release to go back to
)

// releaseDecision is decideRelease's outcome.
type releaseDecision struct {
	Kind releaseKind
	// Next is what to ask fleet.Successor for (releaseWrite only).
	Next *api.Release
	// Failed is the record that halted (releaseFailedBefore only).
	Failed  *api.Release
	Message string
}

// defaultReleaseID names a release after its checksum, so running the same
// `asgctl release` again asks for the same release.
func defaultReleaseID(sha256 string) string {
	if len(sha256) > 12 {
		sha256 = sha256[:12]
	}
	return "r-" + sha256
}

// sameRelease reports whether a and b deploy the same bits under the same
// id (config_rev, pacing, timestamps and author aside).
func sameRelease(a, b *api.Release) bool {
	return a.Release == b.Release && a.Artifact == b.Artifact && a.SHA256 == b.SHA256 && a.Signature == b.Signature
}

// decideRelease decides `release SVC`: cur is the current deploys/<svc>
// record (nil when absent), history the finished ones (newest first) and
// want the release asked for. An id that names other bits (in cur or in
// history) is refused; a release whose latest record halted is refused
// unless retry; the same release already current is a no-op; anything
// else is written with the current config_rev carried over. Pure.
func decideRelease(svc string, cur *api.Release, history []api.ReleaseHistory, want api.Release, retry bool) releaseDecision {
	if have := idHolder(cur, history, &want); have != nil {
		return releaseDecision{Kind: releaseReused, Message: reusedMessage(&want, have.Artifact, have.SHA256)}
	}
	if halted := lastHalted(cur, history, want.Release); halted != nil && !retry {
		return releaseDecision{Kind: releaseFailedBefore, Failed: halted, Message: failedBeforeMessage(svc, halted, cur)}
	}
	if cur != nil && sameRelease(cur, &want) && cur.Halt == nil {
		return releaseDecision{Kind: releaseUnchanged, Message: fmt.Sprintf(
			"release %s of %s is already the current release (seq %d, config_rev %d, max in flight %s); nothing to do",
			cur.Release, cur.Artifact, cur.Seq, cur.ConfigRev, maxInFlightOf(cur))}
	}
	next := want
	if cur != nil {
		next.ConfigRev = cur.ConfigRev
	}
	return releaseDecision{Kind: releaseWrite, Next: &next}
}

// idHolder is the record that already gives want's id to other bits: cur
// when it has the id for another artifact, digest or signature (the
// agents would take it for the release they run), or a history entry with
// the id and another digest. Nil when none.
func idHolder(cur *api.Release, history []api.ReleaseHistory, want *api.Release) *api.Release {
	if cur != nil && cur.Release == want.Release && !sameRelease(cur, want) {
		return cur
	}
	for i := range history {
		if r := &history[i].Record; r.Release == want.Release && r.SHA256 != want.SHA256 {
			return r
		}
	}
	return nil
}

// reusedMessage refuses want's id, which names artifact with digest sha.
func reusedMessage(want *api.Release, artifact, sha string) string {
	what := fmt.Sprintf("not sha256 %s", want.SHA256)
	if sha == want.SHA256 {
		what = "with another artifact URL or signature"
	}
	return fmt.Sprintf("release id %s already names %s (sha256 %s), %s: an id names one artifact forever; give this artifact "+
		"its own id with --id, or leave --id out to derive one from --sha256", want.Release, artifact, sha, what)
}

// lastHalted is the newest record of release id when it halted: cur when
// it has the id, else the newest history entry with it. Nil when that
// record did not halt.
func lastHalted(cur *api.Release, history []api.ReleaseHistory, id string) *api.Release {
	if cur != nil && cur.Release == id {
		if cur.Halt != nil {
			return cur
		}
		return nil
	}
	for _, h := range history {
		if h.Record.Release != id {
			continue
		}
		if h.Outcome != api.ReleaseHalted {
			return nil
		}
		r := h.Record
		return &r
	}
	return nil
}

// failedBeforeMessage refuses a release whose latest record halted.
func failedBeforeMessage(svc string, halted, cur *api.Release) string {
	fix := fmt.Sprintf("pass --retry-failed to write it again as a new record, or roll the fleet back with `asgctl release rollback %s`", svc)
	switch {
	case cur == nil:
		fix = "pass --retry-failed to write it again as a new record"
	case cur.Seq != halted.Seq || cur.Release != halted.Release:
		fix = fmt.Sprintf("the fleet has moved on to %s (seq %d); pass --retry-failed to write it again as a new record", cur.Release, cur.Seq)
	}
	return fmt.Sprintf("release %s halted (seq %d): %s\n%s", halted.Release, halted.Seq, haltText(halted.Halt), fix)
}

// haltText says who halted a release and why; the error's further lines
// (the process output) are indented below its first.
func haltText(h *api.Halt) string {
	if h == nil {
		return "an instance failed it"
	}
	return fmt.Sprintf("instance %s failed it: %s", h.InstanceID, indentRest(h.Error, "    "))
}

// indentRest is s with every line after the first indented by prefix.
func indentRest(s, prefix string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}

// firstLine is s up to its first line break.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// releaseFor builds the release `release SVC` asks for.
func releaseFor(o releaseOpts, now time.Time, user string) api.Release {
	id := o.ID
	if id == "" {
		id = defaultReleaseID(o.SHA256)
	}
	return api.Release{Version: api.ReleaseVersion, Release: id, Artifact: o.Artifact, SHA256: o.SHA256,
		Signature: o.Signature, CreatedAt: now, CreatedBy: user, MaxInFlight: o.MaxInFlight, NoRollback: o.NoRollback}
}
