package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// topLevel is every visible top-level command, in the order of newApp.
var topLevel = []string{"service", "promote", "status", "abort", "rollback", "repair", "history",
	"plan", "controller", "sandbox", "release", "config", "completion"}

func TestCompletions(t *testing.T) {
	app := newApp(nil, nil, Deps{}.withDefaults(), new(bool))
	promoteFlags := []string{"--ami", "--refresh", "--supersede", "--retry-failed", "--expect-step", "--wait", "--timeout", "--inline"}
	globals := []string{"--consul-addr", "--consul-token", "--consul-token-file", "--output", "--log-level", "--request-timeout"}
	cases := []struct {
		words, want []string
	}{
		{nil, topLevel},
		{[]string{""}, topLevel},
		{[]string{"st"}, []string{"status"}},
		{[]string{"re"}, []string{"repair", "release"}},
		// Hidden commands are not offered, not even by their full name.
		{[]string{"m"}, nil},
		{[]string{"man"}, nil},
		{[]string{"release", ""}, []string{"status", "rollback", "history"}},
		{[]string{"release", "r"}, []string{"rollback"}},
		{[]string{"config", "u"}, []string{"unset"}},
		// Global flags and their values before the command are skipped.
		{[]string{"--output", "json", "rel"}, []string{"release"}},
		{[]string{"--output=json", "--consul-addr", "10.0.0.1:8500", "release", "h"}, []string{"history"}},
		// A positional argument ends the commands: no subcommand after it.
		{[]string{"release", "web", ""}, nil},
		{[]string{"nosuchverb", ""}, nil},
		{[]string{"promote", "--"}, append(append(slices.Clone(promoteFlags), globals...), "--help")},
		{[]string{"promote", "web", "--a"}, []string{"--ami"}},
		{[]string{"promote", "--ami", "ami-1", "web", "--w"}, []string{"--wait"}},
		{[]string{"status", "web", "--out"}, []string{"--output"}},
		{[]string{"release", "status", "--c"}, []string{"--consul-addr", "--consul-token", "--consul-token-file"}},
		{[]string{"--l"}, []string{"--log-level"}},
		// One-letter names come as -n; hidden flags are not offered.
		{[]string{"service", "put", "-f"}, []string{"-f"}},
		{[]string{"sandbox", "--l"}, []string{"--log-level"}},
		// A flag's value, or anything after "--", has no candidates.
		{[]string{"release", "--artifact", ""}, nil},
		{[]string{"--output", ""}, nil},
		{[]string{"promote", "--wait", ""}, nil},
		{[]string{"status", "--", "-"}, nil},
		{[]string{"promote", "--wait", "--a"}, []string{"--ami"}},
	}
	for _, c := range cases {
		if got := completions(app, c.words); !slices.Equal(got, c.want) {
			t.Errorf("completions(%q) = %q, want %q", c.words, got, c.want)
		}
	}
}

// The completion answers as the scripts get them: through RunContext,
// whatever os.Args holds, before any parsing (an unknown flag or a missing
// argument is no error here).
func TestCompletionAnswersGolden(t *testing.T) {
	cases := [][]string{
		{""},
		{"release", ""},
		{"promote", "--"},
		{"status", "web", "--out"},
		{"promote", "web", "--bogus", "--am"},
	}
	var b strings.Builder
	for _, words := range cases {
		var out, errb bytes.Buffer
		args := append(append([]string{"asgctl"}, words...), completionFlag)
		if code := RunContext(context.Background(), args, &out, &errb, Deps{}); code != ExitOK || errb.Len() > 0 {
			t.Fatalf("%q: exit %d, stderr %q", args, code, errb.String())
		}
		fmt.Fprintf(&b, "$ asgctl %s<TAB>\n%s\n", strings.Join(words, " "), out.String())
	}
	checkGolden(t, "completion.answers.golden", b.String())
}

func TestCompletionScriptsGolden(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		var out, errb bytes.Buffer
		code := RunContext(context.Background(), []string{"asgctl", "completion", shell}, &out, &errb, Deps{})
		if code != ExitOK || errb.Len() > 0 {
			t.Fatalf("completion %s: exit %d, stderr %q", shell, code, errb.String())
		}
		checkGolden(t, "completion."+shell+".golden", out.String())
	}
}

func TestCompletionUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"completion", "powershell"}, `unknown shell "powershell": use bash, zsh or fish`},
		{[]string{"completion"}, "name the shell: bash, zsh or fish"},
		{[]string{"completion", "bash", "zsh"}, "name one shell, not 2: bash, zsh or fish"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := RunContext(context.Background(), append([]string{"asgctl"}, c.args...), &out, &errb, Deps{})
		if code != ExitUsage || out.Len() > 0 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q on stderr", c.args, code, out.String(), errb.String(), c.want)
		}
	}
}

// TestCompletionHelperProcess is asgctl when TestCompletionShells runs this
// test binary as the `asgctl` on PATH (the arguments after "--"); in a
// normal test run it returns at once.
func TestCompletionHelperProcess(t *testing.T) {
	if os.Getenv("ASGCTL_COMPLETION_HELPER") != "1" {
		return
	}
	args := os.Args
	if k := slices.Index(args, "--"); k >= 0 {
		args = args[k+1:]
	}
	os.Exit(RunContext(context.Background(), append([]string{"asgctl"}, args...), os.Stdout, os.Stderr, Deps{}))
}

// completionCases are what the scripts must complete: COMP_WORDS, the
// cursor on the last word, and the candidates asgctl gives.
var completionCases = []struct{ words, want []string }{
	{[]string{"asgctl", ""}, topLevel},
	{[]string{"asgctl", "rel"}, []string{"release"}},
	{[]string{"asgctl", "release", ""}, []string{"status", "rollback", "history"}},
	{[]string{"asgctl", "promote", "web", "--a"}, []string{"--ami"}},
	{[]string{"asgctl", "status", "web", "--out"}, []string{"--output"}},
	{[]string{"asgctl", "--output", "json", "config", "p"}, []string{"push"}},
	{[]string{"asgctl", "release", "--artifact", ""}, nil},
}

// shellDrivers run a completion script in its shell: source it, complete
// the words given after the script's path, print each candidate as
// "reply:WORD" and the line registered tells that the script hooked
// itself up for asgctl.
var shellDrivers = []struct {
	shell, registered string
	sorted            bool
	args              func(driver, script string, words []string) []string
	driver            string
}{
	{shell: "bash", registered: "-F _asgctl_complete asgctl",
		args: func(d, s string, w []string) []string {
			return append([]string{"--norc", "--noprofile", "-c", d, "bash", s}, w...)
		},
		driver: `source "$1" || exit 1; shift
complete -p asgctl
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
_asgctl_complete || exit 1
for w in "${COMPREPLY[@]}"; do echo "reply:$w"; done`},
	// compadd and _files work only inside a completion widget: stand-ins
	// record what the script passes them.
	{shell: "zsh", registered: "compdef:_asgctl asgctl",
		args: func(d, s string, w []string) []string { return append([]string{"-f", "-c", d, "zsh", s}, w...) },
		driver: `compdef() { print -r -- "compdef:$*" }
source "$1" || exit 1; shift
compadd() { [[ $1 == -- ]] && shift; for w in "$@"; do print -r -- "reply:$w"; done }
_files() { print -r -- "files" }
words=("$@"); CURRENT=$#
_asgctl`},
	// fish completes the command line itself (and sorts); the working
	// directory is empty, so its fallback to file names finds none.
	{shell: "fish", registered: "(__fish_asgctl_complete)", sorted: true,
		args: func(d, s string, w []string) []string {
			return []string{"--no-config", "-c", d, s, strings.Join(w, " ")}
		},
		driver: `source $argv[1]; or exit 1
complete -c asgctl
for c in (complete -C $argv[2]); echo "reply:$c"; end`},
}

// The scripts as their shells run them, without rc files, with this test
// binary standing in for asgctl on PATH.
func TestCompletionShells(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range shellDrivers {
		t.Run(sh.shell, func(t *testing.T) {
			path := toolPath(t, sh.shell)
			dir, cwd := t.TempDir(), t.TempDir()
			script := filepath.Join(dir, "asgctl."+sh.shell)
			writeFile(t, script, completionScripts[sh.shell], 0o644)
			writeFile(t, filepath.Join(dir, "asgctl"), "#!/bin/sh\nexec \"$ASGCTL_TEST_BINARY\" -test.run='^TestCompletionHelperProcess$' -- \"$@\"\n", 0o755)
			for _, c := range completionCases {
				cmd := exec.Command(path, sh.args(sh.driver, script, c.words)...)
				cmd.Dir = cwd
				cmd.Env = append(os.Environ(), "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"),
					"ASGCTL_TEST_BINARY="+self, "ASGCTL_COMPLETION_HELPER=1")
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%q: %v\n%s", c.words, err, out)
				}
				got, want := replies(string(out)), slices.Clone(c.want)
				if sh.sorted {
					slices.Sort(want)
				}
				if !strings.Contains(string(out), sh.registered) || !slices.Equal(got, want) {
					t.Errorf("%q: candidates %q, want %q (and %q registered)\n%s", c.words, got, want, sh.registered, out)
				}
			}
		})
	}
}

// replies are the words of the "reply:" lines of out.
func replies(out string) []string {
	var got []string
	for _, line := range strings.Split(out, "\n") {
		if w, ok := strings.CutPrefix(line, "reply:"); ok {
			got = append(got, w)
		}
	}
	return got
}

// The bash script passes shellcheck; zsh and fish parse the other two.
func TestCompletionScriptsLint(t *testing.T) {
	checks := []struct{ tool, shell string }{
		{"shellcheck", "bash"}, {"zsh", "zsh"}, {"fish", "fish"},
	}
	for _, c := range checks {
		t.Run(c.shell, func(t *testing.T) {
			path := toolPath(t, c.tool)
			file := filepath.Join(t.TempDir(), "asgctl."+c.shell)
			writeFile(t, file, completionScripts[c.shell], 0o644)
			args := []string{"-n", file}
			if c.tool == "shellcheck" {
				args = []string{"-s", "bash", file}
			}
			if out, err := exec.Command(path, args...).CombinedOutput(); err != nil {
				t.Errorf("%s %q: %v\n%s", c.tool, args, err, out)
			}
		})
	}
}

// toolPath returns the path of the program name (a shell, shellcheck,
// groff: make system-deps installs them), skipping the test when it is
// missing, or failing it when CI=true.
func toolPath(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (CI=true; make system-deps installs it)", name)
		}
		t.Skipf("%s is not installed (make system-deps installs it)", name)
	}
	return path
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}
