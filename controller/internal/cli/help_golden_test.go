package cli

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/asgctl/asgctl/internal/buildinfo"
)

// The help texts, so a change to one shows in review. Help asked for after
// the arguments is the command's own help, the same bytes.
func TestHelpGolden(t *testing.T) {
	cases := []struct {
		golden string
		args   [][]string // each prints the golden text
	}{
		{"help.root.golden", [][]string{{"--help"}, {"-h"}, {"help"}}},
		{"help.promote.golden", [][]string{{"promote", "--help"}, {"promote", "web", "--help"}, {"promote", "web", "--ami", "ami-1", "-h"}}},
		{"help.release_status.golden", [][]string{{"release", "status", "web", "--help"}, {"release", "status", "--help"}}},
		{"help.completion.golden", [][]string{{"completion", "--help"}, {"completion", "bash", "--help"}}},
	}
	w := newWorld(t, worldOpts{})
	for _, c := range cases {
		var first string
		for i, args := range c.args {
			res := w.must(0, args...)
			if res.stderr != "" {
				t.Errorf("%q wrote to stderr: %s", args, res.stderr)
			}
			if i == 0 {
				first = res.stdout
				checkGolden(t, c.golden, strings.Replace(first, "VERSION:\n   "+buildinfo.Version()+"\n", "VERSION:\n   {version}\n", 1))
				continue
			}
			if res.stdout != first {
				t.Errorf("%q printed other help than %q:\n%s", args, c.args[0], res.stdout)
			}
		}
	}
}

// Global flags after the verb mean what they mean before it.
func TestGlobalFlagsAfterVerb(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(t, worldOpts{})
		w.must(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
		after := w.must(0, "status", "web", "--output", "json").stdout
		before := w.must(0, "--output", "json", "status", "web").stdout
		if after != before || !json.Valid([]byte(after)) {
			t.Errorf("status web --output json printed\n%s\n--output json status web printed\n%s", after, before)
		}
	})
}

// A usage error in JSON mode prints one document, {"error", "exit_code":
// 2}, and nothing else on stdout; the message goes to stderr once.
func TestUsageErrorsJSON(t *testing.T) {
	cases := []struct {
		args []string
		want string // in the error
	}{
		{[]string{"--output", "json", "status", "--bogus", "web"}, "flag provided but not defined: -bogus"},
		{[]string{"status", "web", "--bogus", "--output", "json"}, "flag provided but not defined: -bogus"},
		{[]string{"--output", "json", "promote"}, "SVC"},
		{[]string{"--output", "json", "nosuchverb"}, "unknown command \"nosuchverb\": run `asgctl help` for the list"},
		{[]string{"--output", "json", "service", "nosuch"}, `unknown command "nosuch"`},
		{[]string{"--output", "json", "completion", "tcsh"}, `unknown shell "tcsh": use bash, zsh or fish`},
	}
	w := newWorld(t, worldOpts{})
	for _, c := range cases {
		res := w.must(ExitUsage, c.args...)
		doc, err := oneJSONDocument(res.stdout)
		if err != nil {
			t.Errorf("%q: stdout is not one JSON document: %v\n%s", c.args, err, res.stdout)
			continue
		}
		keys := make([]string, 0, len(doc))
		for k := range doc {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		msg, _ := doc["error"].(string)
		if !slices.Equal(keys, []string{"error", "exit_code"}) || doc["exit_code"] != float64(ExitUsage) || !strings.Contains(msg, c.want) {
			t.Errorf("%q: document %v, want error containing %q and exit_code 2 only", c.args, doc, c.want)
		}
		if n := strings.Count(res.stderr, msg); msg != "" && n != 1 {
			t.Errorf("%q: stderr has the message %d times, want once:\n%s", c.args, n, res.stderr)
		}
	}
}

// Without --output json an unknown command prints nothing on stdout and
// its message once on stderr.
func TestUnknownCommandText(t *testing.T) {
	w := newWorld(t, worldOpts{})
	res := w.must(ExitUsage, "nosuchverb", "web")
	want := "asgctl: unknown command \"nosuchverb\": run `asgctl help` for the list\n"
	if res.stdout != "" || res.stderr != want {
		t.Errorf("stdout %q, stderr %q; want stderr %q", res.stdout, res.stderr, want)
	}
}

// oneJSONDocument decodes s, which must hold exactly one JSON object.
func oneJSONDocument(s string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("more after the first document")
	}
	return doc, nil
}
