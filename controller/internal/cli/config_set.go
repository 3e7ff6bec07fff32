package cli

import (
	"strings"

	ucli "github.com/urfave/cli/v2"
)

func runConfigSet(c *ucli.Context, deps Deps) error {
	sc, args, err := scopeArgs(c)
	if err != nil {
		return err
	}
	as, problems := parseAssignments(args)
	if len(problems) > 0 {
		return invalidf(problems, "config set %s: nothing written:\n  %s", sc.Name, strings.Join(problems, "\n  "))
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	cur, err := readFolder(e, sc.Prefix)
	if err != nil {
		return err
	}
	changes := planSet(sc.Prefix, cur, as)
	for i, ch := range changes {
		if ch.Result == "unchanged" {
			continue
		}
		if err := e.backend.Put(e.ctx, ch.Key, []byte(as[i].Value)); err != nil {
			return consulFailed("write "+ch.Key, err)
		}
	}
	return printEdit(e, configEditDoc{Scope: sc.Name, Changes: changes, Hint: pushHint(sc)})
}
