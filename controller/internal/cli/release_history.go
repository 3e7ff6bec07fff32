package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/fleet"
)

func releaseHistoryCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "history",
		Usage:     "list a service's release records, newest first",
		ArgsUsage: "SVC",
		Description: fmt.Sprintf(`Lists the current record of deploys/SVC (its outcome is its phase now:
rolling, halted, complete or rolled_back) and then the records it replaced,
newest first (the last %d are kept), each with how it ended: complete,
rolled_back, halted or superseded (replaced while still rolling). REASON
says which instance halted a release and why (first line of its error), and
what a rollback rolled back from.

JSON: {"service", "releases": [{"seq", "release", "artifact", "sha256",
"signed", "config_rev", "created_at", "created_by", "outcome",
"finished_at", "halt", "rollback_of"}]}. Exit 0.`, api.ReleaseHistoryLimit),
		Action: func(c *ucli.Context) error { return runReleaseHistory(c, deps) },
	}
}

// releaseHistoryDoc is `release history`'s JSON document.
type releaseHistoryDoc struct {
	Service  string               `json:"service"`
	Releases []releaseHistoryItem `json:"releases"`
}

// releaseHistoryItem is one record of `release history`.
type releaseHistoryItem struct {
	Seq        int        `json:"seq"`
	Release    string     `json:"release"`
	Artifact   string     `json:"artifact"`
	SHA256     string     `json:"sha256"`
	Signed     bool       `json:"signed"`
	ConfigRev  int        `json:"config_rev"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  string     `json:"created_by"`
	Outcome    string     `json:"outcome"`
	FinishedAt *time.Time `json:"finished_at"`
	Halt       *api.Halt  `json:"halt"`
	RollbackOf string     `json:"rollback_of"`
}

// historyItems lists cur (outcome: its phase given live) and then the
// history entries, newest first, leaving out an entry of cur's own seq.
// Pure.
func historyItems(cur *api.Release, live []api.AgentReport, history []api.ReleaseHistory) []releaseHistoryItem {
	out := []releaseHistoryItem{}
	if cur != nil {
		out = append(out, historyItem(cur, fleet.Phase(cur, live), nil))
	}
	for _, h := range history {
		if cur != nil && h.Record.Seq == cur.Seq {
			continue
		}
		at := h.FinishedAt
		out = append(out, historyItem(&h.Record, h.Outcome, &at))
	}
	return out
}

func historyItem(r *api.Release, outcome string, finished *time.Time) releaseHistoryItem {
	return releaseHistoryItem{Seq: r.Seq, Release: r.Release, Artifact: r.Artifact, SHA256: r.SHA256, Signed: r.Signature != "",
		ConfigRev: r.ConfigRev, CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy, Outcome: outcome, FinishedAt: finished,
		Halt: r.Halt, RollbackOf: r.RollbackOf}
}

// reason is the REASON column: who halted it and why, what it rolled back.
func (it releaseHistoryItem) reason() string {
	var parts []string
	if h := it.Halt; h != nil {
		parts = append(parts, h.InstanceID+": "+firstLine(h.Error))
	}
	if it.RollbackOf != "" {
		parts = append(parts, "rollback of "+it.RollbackOf)
	}
	return orDash(strings.Join(parts, "; "))
}

func runReleaseHistory(c *ucli.Context, deps Deps) error {
	svc, err := inPlaceServiceArg(c, "release history SVC")
	if err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	st, hist, err := readReleaseState(e, svc)
	if err != nil {
		return err
	}
	doc := releaseHistoryDoc{Service: svc, Releases: historyItems(st.Record, st.Live, hist)}
	if e.json {
		return e.printJSON(doc)
	}
	if len(doc.Releases) == 0 {
		e.textf("no releases of %s yet", svc)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tRELEASE\tSHA256\tCONFIG_REV\tCREATED\tBY\tOUTCOME\tREASON")
	for _, it := range doc.Releases {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", it.Seq, it.Release, shortDigest(it.SHA256), it.ConfigRev,
			it.CreatedAt.Format(time.RFC3339), orDash(it.CreatedBy), it.Outcome, it.reason())
	}
	if err := tw.Flush(); err != nil {
		return failed("write output", err)
	}
	return nil
}
