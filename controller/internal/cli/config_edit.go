package cli

import (
	"strings"

	ucli "github.com/urfave/cli/v2"
)

// configEdit is one of the verbs that edit a scope's folder (set, unset):
// parse checks the arguments (and the verb's flags on c) before anything
// is read and returns the plan to apply to the folder's current values;
// note, when set, is added to the message of a refusal.
type configEdit struct {
	verb    string // "set"
	nothing string // what a refusal did not do: "written"
	parse   func(c *ucli.Context, args []string) (plan func(prefix string, cur map[string]string) []change, problems []string, note string)
}

var (
	configSet = configEdit{verb: "set", nothing: "written", parse: func(c *ucli.Context, args []string) (func(string, map[string]string) []change, []string, string) {
		as, problems := parseAssignments(args)
		denied := refuseDenied(as, c.StringSlice("allow"))
		note := ""
		if len(denied) > 0 {
			note = deniedNote
		}
		return func(prefix string, cur map[string]string) []change { return planSet(prefix, cur, as) }, append(problems, denied...), note
	}}
	configUnset = configEdit{verb: "unset", nothing: "removed", parse: func(_ *ucli.Context, args []string) (func(string, map[string]string) []change, []string, string) {
		names, problems := parseNames(args)
		return func(prefix string, cur map[string]string) []change { return planUnset(prefix, cur, names) }, problems, ""
	}}
)

// runConfigEdit parses the arguments (a problem changes nothing), reads
// the scope's folder, plans the changes and applies them in order.
func runConfigEdit(c *ucli.Context, deps Deps, ed configEdit) error {
	sc, args, err := scopeArgs(c)
	if err != nil {
		return err
	}
	plan, problems, note := ed.parse(c, args)
	if len(problems) > 0 {
		return invalidf(problems, "config %s %s: nothing %s:\n  %s%s", ed.verb, sc.Name, ed.nothing, strings.Join(problems, "\n  "), note)
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
			return failed("write "+ch.Key, err)
		}
	case "deleted":
		if err := e.backend.Delete(e.ctx, ch.Key); err != nil {
			return failed("delete "+ch.Key, err)
		}
	}
	return nil
}
