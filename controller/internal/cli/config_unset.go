package cli

import (
	"strings"

	ucli "github.com/urfave/cli/v2"
)

func runConfigUnset(c *ucli.Context, deps Deps) error {
	sc, args, err := scopeArgs(c)
	if err != nil {
		return err
	}
	names, problems := parseNames(args)
	if len(problems) > 0 {
		return invalidf(problems, "config unset %s: nothing removed:\n  %s", sc.Name, strings.Join(problems, "\n  "))
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	cur, err := readFolder(e, sc.Prefix)
	if err != nil {
		return err
	}
	changes := planUnset(sc.Prefix, cur, names)
	for _, ch := range changes {
		if ch.Result != "deleted" {
			continue
		}
		if err := e.backend.Delete(e.ctx, ch.Key); err != nil {
			return consulFailed("delete "+ch.Key, err)
		}
	}
	return printEdit(e, configEditDoc{Scope: sc.Name, Changes: changes, Hint: pushHint(sc)})
}
