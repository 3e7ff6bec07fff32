package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
	"github.com/asgctl/asgctl/controller/internal/releases"
)

func releaseStatusCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "status",
		Usage:     "show the current release, its phase and pacing, and what each live instance runs",
		ArgsUsage: "SVC",
		Description: `Shows the record in deploys/SVC (release, seq, config_rev, last good
release, halt), its phase derived from the live agent reports (rolling,
halted, complete, or rolled_back for a rollback record), how many live
instances are in each state, the pacing (max in flight, and what it comes
to for the live instances), and one line per live instance: the release it
serves, its state, the release it was told to take (DESIRED) and the first
line of its error. The whole errors of failed instances, with the last lines
of the failing process's output, follow the table.

JSON: {"service", "release", "phase", "counts", "max_in_flight", "limit",
"last_good", "halt", "instances"}. Exit 0.`,
		Action: func(c *ucli.Context) error { return runReleaseStatus(c, deps) },
	}
}

// releaseStatusDoc is `release status`'s JSON document.
type releaseStatusDoc struct {
	Service     string            `json:"service"`
	Release     *api.Release      `json:"release"`
	Phase       string            `json:"phase"`
	Counts      map[string]int    `json:"counts"`
	MaxInFlight string            `json:"max_in_flight"`
	Limit       int               `json:"limit"`
	LastGood    *api.ReleaseRef   `json:"last_good"`
	Halt        *api.Halt         `json:"halt"`
	Instances   []api.AgentReport `json:"instances"`
}

// releaseStatusOf builds the document of st. Pure.
func releaseStatusOf(svc string, st releases.State) releaseStatusDoc {
	doc := releaseStatusDoc{Service: svc, Release: st.Record, Counts: fleet.Counts(st.Live), Instances: st.Live}
	if r := st.Record; r != nil {
		doc.Phase, doc.MaxInFlight, doc.Limit = fleet.Phase(r, st.Live), maxInFlightOf(r), fleet.Limit(r, len(st.Live))
		doc.LastGood, doc.Halt = r.LastGood, r.Halt
	}
	return doc
}

func runReleaseStatus(c *ucli.Context, deps Deps) error {
	svc, err := inPlaceServiceArg(c, "release status SVC")
	if err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	st, err := releases.Read(e.ctx, e.backend, svc)
	if err != nil {
		return failed("read the release of "+svc, err)
	}
	warnSkipped(e, st.Skipped)
	doc := releaseStatusOf(svc, st)
	if e.json {
		return e.printJSON(doc)
	}
	printStatusHeader(e, doc)
	if len(doc.Instances) == 0 {
		e.textf("no live instances report under %s", api.KeyAgentsPrefix(svc))
		return nil
	}
	return printInstances(e, doc.Instances)
}

// printStatusHeader prints the record, its phase, counts and pacing, its
// last good release and its halt.
func printStatusHeader(e *env, doc releaseStatusDoc) {
	r := doc.Release
	if r == nil {
		e.textf("%s: no release yet (write one with `asgctl release %s --artifact s3://… --sha256 …`)", doc.Service, doc.Service)
		return
	}
	state := doc.Phase + "; max in flight " + doc.MaxInFlight
	if n := len(doc.Instances); n > 0 {
		state = fmt.Sprintf("%s (%s); max in flight %s = %d of %d live instances", doc.Phase, fleetCounts(r, doc.Instances),
			doc.MaxInFlight, doc.Limit, n)
	}
	e.textf("%s: release %s seq %d, config_rev %d: %s", doc.Service, r.Release, r.Seq, r.ConfigRev, state)
	e.textf("written %s by %s: %s (sha256 %s)%s", r.CreatedAt.UTC().Format(time.RFC3339), orDash(r.CreatedBy), r.Artifact,
		shortDigest(r.SHA256), rollbackNote(r))
	if g := r.LastGood; g != nil {
		e.textf("last good: %s config_rev %d", g.Release, g.ConfigRev)
	} else {
		e.textf("last good: none yet")
	}
	if h := r.Halt; h != nil {
		e.textf("halted at %s: instance %s failed it: %s", h.At.UTC().Format(time.RFC3339), h.InstanceID, firstLine(h.Error))
	}
}

// rollbackNote says what a rollback record rolls back from, and when a
// halt would not be rolled back.
func rollbackNote(r *api.Release) string {
	note := ""
	if r.RollbackOf != "" {
		note += "; a rollback from " + r.RollbackOf
	}
	if r.NoRollback {
		note += "; rollback off"
	}
	return note
}

// printInstances prints the table of live instances, then the whole
// error of each failed one.
func printInstances(e *env, live []api.AgentReport) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "INSTANCE\tRELEASE\tCONFIG_REV\tSTATE\tDESIRED\tERROR")
	for _, a := range live {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", a.InstanceID, orDash(a.Release), a.ConfigRev, a.State, desired(a), orDash(firstLine(a.Error)))
	}
	if err := tw.Flush(); err != nil {
		return failed("write output", err)
	}
	var failures []api.AgentReport
	for _, a := range live {
		if a.State == api.AgentFailed && a.Error != "" {
			failures = append(failures, a)
		}
	}
	printFailures(e.stdout, failures, nil)
	return nil
}

// desired is the release an instance was told to take, with the record's
// seq.
func desired(a api.AgentReport) string {
	if a.Desired == "" {
		return "-"
	}
	return fmt.Sprintf("%s (seq %d)", a.Desired, a.Seq)
}

// shortDigest is the first 12 digits of a sha256.
func shortDigest(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
