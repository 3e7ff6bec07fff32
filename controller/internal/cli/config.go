package cli

import (
	"fmt"
	"strings"

	ucli "github.com/urfave/cli/v2"

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
				Name: "set", Usage: "set names for a service or for every service", ArgsUsage: "SVC|global NAME=VALUE...",
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
		return nil, consulFailed("read "+prefix, err)
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
