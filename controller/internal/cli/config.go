package cli

import (
	"fmt"
	"strings"

	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

func configCommand(deps Deps) *ucli.Command {
	return &ucli.Command{
		Name:  "config",
		Usage: "edit the environment agents render for a service (global/ and SVC/)",
		Description: `Names must match [A-Za-z_][A-Za-z0-9_]* and values must not hold NUL or
line breaks; any problem is exit 2 and nothing is written. Edits restart
nothing by themselves: ` + "`config push SVC`" + ` bumps config_rev in deploys/SVC and
the agents re-render and roll.`,
		Subcommands: []*ucli.Command{
			{
				Name: "set", Usage: "set names for a service or for every service", ArgsUsage: "SVC|global NAME=VALUE... [--allow NAME]...",
				Description: configSetHelp,
				Flags: []ucli.Flag{&ucli.StringSliceFlag{Name: "allow",
					Usage: "let a denylisted NAME through (repeatable), for boxes whose agent config lists it in env_allow"}},
				Action: func(c *ucli.Context) error { return runConfigEdit(c, deps, configSet) },
			},
			{
				Name: "unset", Usage: "remove names from a service or from global", ArgsUsage: "SVC|global NAME...",
				Action: func(c *ucli.Context) error { return runConfigEdit(c, deps, configUnset) },
			},
			{
				Name: "get", Usage: "show the merged config of a service and where each value is from", ArgsUsage: "SVC",
				Action: func(c *ucli.Context) error { return runConfigGet(c, deps) },
			},
			{
				Name: "push", Usage: "bump config_rev so the agents re-render and roll", ArgsUsage: "SVC",
				Action: func(c *ucli.Context) error { return runConfigPush(c, deps) },
			},
		},
	}
}

// configSetHelp is `config set`'s help.
var configSetHelp = `Sets NAME=VALUE pairs in SVC/ (or global/, shared by every service; the
service's own value wins). Names must match [A-Za-z_][A-Za-z0-9_]* and values
must not hold NUL or line breaks.

Loader and interpreter variables are refused, because whoever can write
config would otherwise run code of their choosing on every box, around
artifact signing:
` + wrapWords(strings.Join(api.DeniedEnvList(), ", ")+".", 76, "  ") + `
The agents refuse to render them too, unless their own config lists the name
in env_allow; for such a service, --allow NAME lets that name through here.

Any problem is exit 2 and nothing is written. Nothing restarts until
` + "`asgctl config push SVC`" + ` moves config_rev.`

// wrapWords breaks s into lines of at most width characters (longer
// words stay whole), each starting with indent.
func wrapWords(s string, width int, indent string) string {
	var lines []string
	line := indent
	for _, w := range strings.Fields(s) {
		if line != indent && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

// scopeArgs splits `config set|unset`'s arguments into the scope and the
// rest, which must not be empty.
func scopeArgs(c *ucli.Context) (configScope, []string, error) {
	args := c.Args().Slice()
	if len(args) < 2 {
		return configScope{}, nil, usagef("give the scope (a service or global) and at least one name: asgctl config %s %s", c.Command.Name, c.Command.ArgsUsage)
	}
	sc, err := scopeFor(args[0])
	if err != nil {
		return configScope{}, nil, usagef("%v", err)
	}
	return sc, args[1:], nil
}

// readFolder reads the names and values directly under prefix. Keys that
// are not valid names (nested, or badly named by another writer) are
// warned about and left out.
func readFolder(e *env, prefix string) (map[string]string, error) {
	entries, _, err := e.backend.List(e.ctx, prefix, &consulkv.QueryOptions{Consistent: true})
	if err != nil {
		return nil, failed("read "+prefix, err)
	}
	out := map[string]string{}
	for _, ent := range entries {
		name := strings.TrimPrefix(ent.Key, prefix)
		if p := checkConfigName(name); p != "" {
			fmt.Fprintf(e.stderr(), "asgctl: warning: ignoring %s: %s\n", ent.Key, p)
			continue
		}
		out[name] = string(ent.Value)
	}
	return out, nil
}

// configEditDoc is the JSON document of `config set` and `config unset`.
type configEditDoc struct {
	Scope   string   `json:"scope"`
	Changes []change `json:"changes"`
	Hint    string   `json:"hint"`
}

// printEdit prints what an edit did.
func printEdit(e *env, doc configEditDoc) error {
	if e.json {
		return e.printJSON(doc)
	}
	for _, ch := range doc.Changes {
		e.textf("%s %s", ch.Key, ch.Result)
	}
	e.textf("%s", doc.Hint)
	return nil
}

// pushHint tells what makes an edit take effect.
func pushHint(sc configScope) string {
	if sc.Name == globalScope {
		return "nothing restarts until a service's config_rev moves: run `asgctl config push SVC` for each service to roll it"
	}
	return fmt.Sprintf("nothing restarts until config_rev moves: run `asgctl config push %s` to roll it", sc.Name)
}
