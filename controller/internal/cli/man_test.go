package cli

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	ucli "github.com/urfave/cli/v2"
)

// `asgctl man` prints a section-1 roff page naming every visible command
// as a section and no hidden command or flag.
func TestManPage(t *testing.T) {
	page := runMan(t)
	if !strings.HasPrefix(page, ".nh\n.TH asgctl 1") && !strings.HasPrefix(page, ".TH asgctl 1") {
		t.Fatalf("no roff header for asgctl(1):\n%.200s", page)
	}
	headings := map[string]bool{}
	for _, line := range strings.Split(page, "\n") {
		if h, ok := strings.CutPrefix(line, ".SH "); ok {
			headings[h] = true
		}
	}
	app := newApp(nil, nil, Deps{}.withDefaults(), new(bool))
	var hidden []*ucli.Command
	for _, c := range app.Commands {
		switch {
		case c.Hidden:
			hidden = append(hidden, c)
		case !headings[c.Name]:
			t.Errorf("command %q has no .SH section", c.Name)
		}
	}
	if len(hidden) == 0 {
		t.Fatal("no hidden command to check for (the man verb is one)")
	}
	for _, c := range hidden {
		if headings[c.Name] || (c.Usage != "" && strings.Contains(page, c.Usage)) {
			t.Errorf("hidden command %q is in the page", c.Name)
		}
	}
	if strings.Contains(page, "--live") {
		t.Error("the hidden flag sandbox --live is in the page")
	}
}

// groff renders the page without a warning.
func TestManPageRenders(t *testing.T) {
	groff := toolPath(t, "groff")
	cmd := exec.Command(groff, "-man", "-Tutf8", "-ww", "-z")
	cmd.Stdin = strings.NewReader(runMan(t))
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff: %v\n%s", err, out)
	}
}

func TestManUsageError(t *testing.T) {
	var out, errb bytes.Buffer
	code := RunContext(context.Background(), []string{"asgctl", "man", "extra"}, &out, &errb, Deps{})
	if code != ExitUsage || out.Len() > 0 || !strings.Contains(errb.String(), `man takes no arguments, got "extra"`) {
		t.Errorf("man extra: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

func runMan(t *testing.T) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := RunContext(context.Background(), []string{"asgctl", "man"}, &out, &errb, Deps{}); code != ExitOK || errb.Len() > 0 {
		t.Fatalf("asgctl man: exit %d, stderr %q", code, errb.String())
	}
	return out.String()
}
