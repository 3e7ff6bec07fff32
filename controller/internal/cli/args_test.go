package cli

import (
	"slices"
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
		{[]string{"asgctl"}, []string{"asgctl"}},
	}
	for _, c := range cases {
		if got := hoistFlags(app, c.in); !slices.Equal(got, c.want) {
			t.Errorf("hoistFlags(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
