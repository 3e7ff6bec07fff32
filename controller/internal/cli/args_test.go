package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestHoistFlags(t *testing.T) {
	app := newApp(nil, nil, Deps{}.withDefaults(), new(bool))
	cases := []struct{ in, want []string }{
		{[]string{"asgctl", "promote", "web", "--ami", "ami-1", "--wait", "--timeout", "5m"},
			[]string{"asgctl", "promote", "--ami", "ami-1", "--wait", "--timeout", "5m", "web"}},
		{[]string{"asgctl", "--output", "json", "promote", "web", "--inline", "--ami=ami-1"},
			[]string{"asgctl", "--output", "json", "promote", "--inline", "--ami=ami-1", "web"}},
		{[]string{"asgctl", "service", "get", "web", "--bogus"}, []string{"asgctl", "service", "get", "--bogus", "web"}},
		{[]string{"asgctl", "status", "web", "--", "--odd"}, []string{"asgctl", "status", "web", "--", "--odd"}},
		{[]string{"asgctl", "nope", "web", "--ami", "x"}, []string{"asgctl", "nope", "web", "--ami", "x"}},
		{[]string{"asgctl", "nope", "web", "--output", "json", "--ami", "x"}, []string{"asgctl", "--output", "json", "nope", "web", "--ami", "x"}},
		{[]string{"asgctl"}, []string{"asgctl"}},
		// Global flags after the verb move before it.
		{[]string{"asgctl", "status", "web", "--output", "json"}, []string{"asgctl", "--output", "json", "status", "web"}},
		{[]string{"asgctl", "release", "status", "web", "--consul-addr=10.0.0.1:8500", "--output", "json"},
			[]string{"asgctl", "--consul-addr=10.0.0.1:8500", "--output", "json", "release", "status", "web"}},
		{[]string{"asgctl", "promote", "web", "--log-level", "debug", "--ami", "ami-1"},
			[]string{"asgctl", "--log-level", "debug", "promote", "--ami", "ami-1", "web"}},
		// Help from any position asks for the command's help.
		{[]string{"asgctl", "promote", "web", "--help"}, []string{"asgctl", "promote", "--help"}},
		{[]string{"asgctl", "release", "status", "web", "-h", "--output", "json"},
			[]string{"asgctl", "--output", "json", "release", "status", "--help"}},
		{[]string{"asgctl", "status", "web", "--", "--help"}, []string{"asgctl", "status", "web", "--", "--help"}},
	}
	for _, c := range cases {
		if got := hoistFlags(app, c.in); !slices.Equal(got, c.want) {
			t.Errorf("hoistFlags(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The CLI as people and CI type it: help after the arguments, global
// flags after the verb, and one JSON document on stdout for a usage error.
func TestFlagsAnywhere(t *testing.T) {
	w := newWorld(t, worldOpts{})
	for _, args := range [][]string{{"promote", "web", "--help"}, {"status", "web", "--help"}, {"release", "status", "web", "--help"}} {
		res := w.must(0, args...)
		if !strings.Contains(res.stdout, "USAGE:") || !strings.Contains(res.stdout, "asgctl "+strings.Join(args[:len(args)-2], " ")) {
			t.Errorf("%v: no help for the command:\n%s%s", args, res.stdout, res.stderr)
		}
	}
	res := w.must(0, "status", "web", "--output", "json")
	var doc statusDoc
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || doc.Service != "web" {
		t.Errorf("status web --output json: %v\n%s", err, res.stdout)
	}
	res = w.must(ExitUsage, "--output", "json", "status", "--bogus", "web")
	var e errorDoc
	if err := json.Unmarshal([]byte(res.stdout), &e); err != nil || e.ExitCode != ExitUsage || !strings.Contains(e.Error, "-bogus") {
		t.Errorf("a usage error in JSON mode printed %q (%v), want one error document", res.stdout, err)
	}
	if strings.Contains(res.stdout+res.stderr, "Incorrect Usage") {
		t.Errorf("urfave's usage text leaked:\n%s%s", res.stdout, res.stderr)
	}
}
