package cli

import (
	"fmt"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

func releaseStatusCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:      "status",
		Usage:     "show the current release and what each live instance runs",
		ArgsUsage: "SVC",
		Action:    func(c *ucli.Context) error { return runReleaseStatus(c, deps) },
	}
}

// releaseStatusDoc is `release status`'s JSON document.
type releaseStatusDoc struct {
	Service   string            `json:"service"`
	Release   *api.Release      `json:"release"`
	Instances []api.AgentReport `json:"instances"`
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
	rel, _, err := readRelease(e, svc)
	if err != nil {
		return err
	}
	prefix := api.KeyAgentsPrefix(svc)
	entries, _, err := e.backend.List(e.ctx, prefix, &consulkv.QueryOptions{Consistent: true})
	if err != nil {
		return consulFailed("read "+prefix, err)
	}
	doc := releaseStatusDoc{Service: svc, Release: rel, Instances: liveReports(e, entries)}
	if e.json {
		return e.printJSON(doc)
	}
	if rel == nil {
		e.textf("%s: no release yet (write one with `asgctl release %s --artifact s3://… --sha256 …`)", svc, svc)
	} else {
		e.textf("%s: release %s (%s), config_rev %d, written %s by %s", svc, rel.Release, rel.Artifact, rel.ConfigRev,
			rel.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), orDash(rel.CreatedBy))
	}
	if len(doc.Instances) == 0 {
		e.textf("no live instances report under %s", prefix)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "INSTANCE\tRELEASE\tCONFIG_REV\tSTATE\tERROR")
	for _, a := range doc.Instances {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", a.InstanceID, orDash(a.Release), a.ConfigRev, a.State, orDash(a.Error))
	}
	return tw.Flush()
}
