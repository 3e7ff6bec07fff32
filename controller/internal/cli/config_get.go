package cli

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
)

func runConfigGet(c *ucli.Context, deps Deps) error {
	svc, err := inPlaceServiceArg(c, "config get SVC")
	if err != nil {
		return err
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	global, err := readFolder(e, api.KeyGlobalConfigPrefix)
	if err != nil {
		return err
	}
	own, err := readFolder(e, api.KeyServiceConfigPrefix(svc))
	if err != nil {
		return err
	}
	merged := mergeConfig(svc, global, own)
	if e.json {
		return e.printJSON(merged)
	}
	if len(merged) == 0 {
		e.textf("%s has no config (set some with `asgctl config set %s NAME=VALUE`)", svc, svc)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVALUE\tORIGIN")
	for _, name := range sortedNames(merged) {
		v := merged[name]
		origin := v.Origin
		if _, shadowed := global[name]; shadowed && v.Origin == svc {
			origin += " (overrides global)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, strconv.Quote(v.Value), origin)
	}
	return tw.Flush()
}
