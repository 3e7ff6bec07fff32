package cli

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// releaseKind is what `release SVC` comes to.
type releaseKind string

const (
	releaseWrite     releaseKind = "released"  // deploys/<svc> written
	releaseUnchanged releaseKind = "unchanged" // the same release is already there
	releaseReused    releaseKind = "id-in-use" // the id already names another artifact
)

// releaseDecision is decideRelease's outcome: Next is the value to write
// (releaseWrite only).
type releaseDecision struct {
	Kind    releaseKind
	Next    *api.Release
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
// id (config_rev, timestamps and author aside).
func sameRelease(a, b *api.Release) bool {
	return a.Release == b.Release && a.Artifact == b.Artifact && a.SHA256 == b.SHA256 && a.Signature == b.Signature
}

// decideRelease decides `release SVC`: cur is the current deploys/<svc>
// value (nil when absent) and want the release asked for. The same release
// already there is a no-op; its id naming different bits is refused (the
// id names a directory on every box); anything else is written with the
// current config_rev carried over. Pure.
func decideRelease(cur *api.Release, want api.Release) releaseDecision {
	if cur != nil && sameRelease(cur, &want) {
		return releaseDecision{Kind: releaseUnchanged, Message: fmt.Sprintf(
			"release %s of %s is already the current release (config_rev %d); nothing to do", cur.Release, cur.Artifact, cur.ConfigRev)}
	}
	if cur != nil && cur.Release == want.Release {
		return releaseDecision{Kind: releaseReused, Message: fmt.Sprintf(
			"release id %s already names %s (sha256 %s); give this artifact its own id with --id, or leave --id out to derive one from --sha256",
			cur.Release, cur.Artifact, cur.SHA256)}
	}
	next := want
	if cur != nil {
		next.ConfigRev = cur.ConfigRev
	}
	from := "first release"
	if cur != nil {
		from = "replaces " + cur.Release
	}
	return releaseDecision{Kind: releaseWrite, Next: &next, Message: fmt.Sprintf(
		"release %s of %s written (%s, config_rev %d)", next.Release, next.Artifact, from, next.ConfigRev)}
}

// agentVerdict is judgeAgents' view of the live agents of a service.
type agentVerdict struct {
	Done     bool   // every live agent runs the release and is ready, or one failed
	Failed   bool   // Done because an agent failed
	NoAgents bool   // no live agent reports at all
	Ready    int    // live agents ready on the release
	Live     int    // live agents
	Message  string // what a person reads
}

// judgeAgents decides whether release rel of svc has reached every live agent
// (reports of agents whose session is gone are not passed in). A failed
// report counts when it names rel, or was written after rel was: a
// failure left over from an earlier release does not fail this one (the
// agent moves on to deploying rel). Pure.
func judgeAgents(svc string, rel *api.Release, live []api.AgentReport) agentVerdict {
	v := agentVerdict{Live: len(live)}
	if len(live) == 0 {
		v.NoAgents = true
		v.Message = "no live agents report under " + api.KeyAgentsPrefix(svc) + ": no instance runs asgctl-agent for this service yet"
		return v
	}
	sorted := append([]api.AgentReport(nil), live...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].InstanceID < sorted[j].InstanceID })
	var waiting []string
	for _, a := range sorted {
		switch {
		case a.State == api.AgentFailed && (a.Release == rel.Release || a.UpdatedAt.After(rel.CreatedAt)):
			v.Done, v.Failed = true, true
			v.Message = fmt.Sprintf("instance %s failed to deploy %s: %s", a.InstanceID, rel.Release, orDash(a.Error))
			return v
		case a.Release == rel.Release && a.State == api.AgentReady:
			v.Ready++
		default:
			waiting = append(waiting, fmt.Sprintf("%s %s on %s", a.InstanceID, a.State, orDash(a.Release)))
		}
	}
	if v.Ready == v.Live {
		v.Done = true
		v.Message = fmt.Sprintf("release %s is ready on all %d live instances", rel.Release, v.Live)
		return v
	}
	v.Message = fmt.Sprintf("release %s ready on %d/%d live instances; waiting for %s", rel.Release, v.Ready, v.Live, strings.Join(waiting, ", "))
	return v
}

// releaseFor builds the release `release SVC` asks for.
func releaseFor(o releaseOpts, now time.Time, user string) api.Release {
	id := o.ID
	if id == "" {
		id = defaultReleaseID(o.SHA256)
	}
	return api.Release{Version: api.ReleaseVersion, Release: id, Artifact: o.Artifact, SHA256: o.SHA256,
		Signature: o.Signature, CreatedAt: now, CreatedBy: user}
}
