package cli

import (
	"strings"

	ucli "github.com/urfave/cli/v2"
)

// configEdit is one of the verbs that edit a scope's folder (set, unset):
// parse checks the arguments before anything is read and returns the plan
// to apply to the folder's current values.
type configEdit struct {
	verb    string // "set"
	nothing string // what a refusal did not do: "written"
	parse   func(args []string) (plan func(prefix string, cur map[string]string) []change, problems []string)
}

var (
	configSet = configEdit{verb: "set", nothing: "written", parse: func(args []string) (func(string, map[string]string) []change, []string) {
		as, problems := parseAssignments(args)
		return func(prefix string, cur map[string]string) []change { return planSet(prefix, cur, as) }, problems
	}}
	configUnset = configEdit{verb: "unset", nothing: "removed", parse: func(args []string) (func(string, map[string]string) []change, []string) {
		names, problems := parseNames(args)
		return func(prefix string, cur map[string]string) []change { return planUnset(prefix, cur, names) }, problems
	}}
)

// runConfigEdit parses the arguments (a problem changes nothing), reads
// the scope's folder, plans the changes and applies them in order.
func runConfigEdit(c *ucli.Context, deps Deps, ed configEdit) error {
	sc, args, err := scopeArgs(c)
	if err != nil {
		return err
	}
	plan, problems := ed.parse(args)
	if len(problems) > 0 {
		return invalidf(problems, "config %s %s: nothing %s:\n  %s", ed.verb, sc.Name, ed.nothing, strings.Join(problems, "\n  "))
	}
	e, err := newEnv(c, deps)
	if err != nil {
		return err
	}
	cur, err := readFolder(e, sc.Prefix)
	if err != nil {
		return err
	}
	changes := plan(sc.Prefix, cur)
	for _, ch := range changes {
		if err := applyChange(e, ch); err != nil {
			return err
		}
	}
	return printEdit(e, configEditDoc{Scope: sc.Name, Changes: changes, Hint: pushHint(sc)})
}

// applyChange writes or deletes one planned key; unchanged and absent
// names need nothing.
func applyChange(e *env, ch change) error {
	switch ch.Result {
	case "created", "updated":
		if err := e.backend.Put(e.ctx, ch.Key, []byte(ch.value)); err != nil {
			return consulFailed("write "+ch.Key, err)
		}
	case "deleted":
		if err := e.backend.Delete(e.ctx, ch.Key); err != nil {
			return consulFailed("delete "+ch.Key, err)
		}
	}
	return nil
}
