package cli

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// configNamePattern is what a config name must look like: the agent writes
// names as environment variables (docs/agent-config.md).
var configNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// globalScope is the config scope every service shares.
const globalScope = "global"

// configScope is where `config set|unset` writes: a service's folder or
// the global one.
type configScope struct {
	Name   string // the service, or "global"
	Prefix string // the KV folder
}

// scopeFor maps the SVC|global argument to its folder.
func scopeFor(arg string) (configScope, error) {
	if arg == globalScope {
		return configScope{Name: globalScope, Prefix: api.KeyGlobalConfigPrefix}, nil
	}
	if err := checkInPlaceService(arg); err != nil {
		return configScope{}, err
	}
	return configScope{Name: arg, Prefix: api.KeyServiceConfigPrefix(arg)}, nil
}

// assignment is one NAME=VALUE of `config set`.
type assignment struct {
	Name, Value string
}

// checkConfigName says what is wrong with a config name ("" when nothing).
func checkConfigName(name string) string {
	if !configNamePattern.MatchString(name) {
		return fmt.Sprintf("%q is not a valid name: use letters, digits and '_', not starting with a digit", name)
	}
	return ""
}

// checkConfigValue says what is wrong with a value ("" when nothing): the
// agent's EnvironmentFile cannot carry NUL or line breaks.
func checkConfigValue(name, value string) string {
	if strings.ContainsAny(value, "\x00\n\r") {
		return fmt.Sprintf("%s: the value holds a NUL or line break, which an environment file cannot carry; encode it (base64, \\n escapes) and decode it in the app", name)
	}
	return ""
}

// parseAssignments reads NAME=VALUE arguments and lists every problem.
// Pure.
func parseAssignments(args []string) ([]assignment, []string) {
	var out []assignment
	var problems []string
	seen := map[string]bool{}
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		if !ok {
			problems = append(problems, fmt.Sprintf("%q: use NAME=VALUE (to remove a name, use config unset)", a))
			continue
		}
		if p := checkConfigName(name); p != "" {
			problems = append(problems, p)
			continue
		}
		if seen[name] {
			problems = append(problems, fmt.Sprintf("%s is given more than once: give each name once", name))
			continue
		}
		seen[name] = true
		if p := checkConfigValue(name, value); p != "" {
			problems = append(problems, p)
			continue
		}
		out = append(out, assignment{Name: name, Value: value})
	}
	return out, problems
}

// deniedNote follows the refusal of denylisted names.
const deniedNote = "\nagents refuse these names too unless their own config lists the name in env_allow; " +
	"for a service whose boxes allow one, pass --allow NAME"

// refuseDenied lists a problem for each name of as on the denylist
// (api.DeniedEnv) that allow does not let through: a loader or
// interpreter variable set in config would run code of its choosing on
// every box. Pure.
func refuseDenied(as []assignment, allow []string) []string {
	var problems []string
	for _, a := range as {
		why, denied := api.DeniedEnv(a.Name)
		if denied && !slices.Contains(allow, a.Name) {
			problems = append(problems, fmt.Sprintf("%s is refused: it %s, so whoever sets config would run code on every box", a.Name, why))
		}
	}
	return problems
}

// parseNames reads the names of `config unset` and lists every problem.
// Pure.
func parseNames(args []string) ([]string, []string) {
	var out, problems []string
	seen := map[string]bool{}
	for _, n := range args {
		if p := checkConfigName(n); p != "" {
			problems = append(problems, p)
			continue
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, problems
}

// configValue is one name of the merged view and where its value is from.
type configValue struct {
	Value  string `json:"value"`
	Origin string `json:"origin"`
}

// mergeConfig is what the agent renders for svc: global values, with the
// service's own winning. Pure.
func mergeConfig(svc string, global, own map[string]string) map[string]configValue {
	out := map[string]configValue{}
	for k, v := range global {
		out[k] = configValue{Value: v, Origin: globalScope}
	}
	for k, v := range own {
		out[k] = configValue{Value: v, Origin: svc}
	}
	return out
}

// sortedNames lists m's names in order.
func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// change is what happened to one name.
type change struct {
	Key    string `json:"key"`
	Result string `json:"result"` // created, updated, unchanged, deleted, absent
	value  string // what set writes (created, updated)
}

// planSet decides what `config set` does to each name given the folder's
// current values. Pure.
func planSet(prefix string, cur map[string]string, as []assignment) []change {
	out := make([]change, 0, len(as))
	for _, a := range as {
		old, ok := cur[a.Name]
		res := "created"
		switch {
		case ok && old == a.Value:
			res = "unchanged"
		case ok:
			res = "updated"
		}
		out = append(out, change{Key: prefix + a.Name, Result: res, value: a.Value})
	}
	return out
}

// planUnset decides what `config unset` does to each name. Pure.
func planUnset(prefix string, cur map[string]string, names []string) []change {
	out := make([]change, 0, len(names))
	for _, n := range names {
		res := "absent"
		if _, ok := cur[n]; ok {
			res = "deleted"
		}
		out = append(out, change{Key: prefix + n, Result: res})
	}
	return out
}

// decidePush is `config push`: the current release with the next
// config_rev, pacing and rollback carried, written by user at now (for
// fleet.Successor, which numbers it and carries the last good release);
// an error when there is no release to re-render. A push rolls the fleet
// forward, so it is no rollback record even when cur was one. Pure.
func decidePush(svc string, cur *api.Release, now time.Time, user string) (*api.Release, error) {
	if cur == nil {
		return nil, fmt.Errorf("%s has no release yet, so no agent renders its config: write one with `asgctl release %s --artifact s3://… --sha256 …` (it picks up the current config)", svc, svc)
	}
	next := *cur
	next.ConfigRev++
	next.CreatedAt, next.CreatedBy = now, user
	next.RollbackOf = ""
	return &next, nil
}
