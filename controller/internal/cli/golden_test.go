package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// step is one command of a golden scenario: args ("{dir}" stands for a
// temporary folder), the exit code it must have, and whether its output
// goes into the transcript. do, when set, runs instead (world setup).
type step struct {
	args []string
	want int
	hide bool
	do   func(w *world, dir string)
}

func show(want int, args ...string) step { return step{args: args, want: want} }
func hide(want int, args ...string) step { return step{args: args, want: want, hide: true} }

// Setup steps the scenarios share.
var (
	firstDeploy = hide(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")
	secondAMI   = hide(0, "promote", "web", "--ami", amis[1], "--wait", "--inline")
	// pauseAtGate leaves the rollout of amis[1] paused at the manual gate
	// of step 1 (the inline run times out there: exit 3).
	pauseAtGate = hide(3, "promote", "web", "--ami", amis[1], "--inline", "--timeout", "5m")
)

// goldenCases cover every verb; each runs once with text and once with
// JSON output, compared with testdata/<name>.<format>.golden.
var goldenCases = []struct {
	name     string
	opts     worldOpts
	steps    []step
	textOnly bool
}{
	{name: "service_put", steps: []step{
		{do: writeSpecFiles},
		show(0, "service", "put", "--file", "{dir}/web.json"),
		show(0, "service", "put", "--file", "{dir}/web-bigger.json"),
		show(0, "service", "put", "--file", "{dir}/api.json"),
		show(2, "service", "put", "--file", "testdata/spec_invalid.json"),
		show(2, "service", "put", "--file", "testdata/spec_unknown_field.json"),
	}},
	{name: "service_get", steps: []step{show(0, "service", "get", "web"), show(2, "service", "get", "nope")}},
	{name: "service_list", steps: []step{firstDeploy, show(0, "service", "list")}},
	{name: "promote_first", steps: []step{show(0, "promote", "web", "--ami", amis[0], "--wait", "--inline")}},
	{name: "promote_blue_green", steps: []step{firstDeploy,
		show(0, "promote", "web", "--ami", amis[1], "--wait", "--inline"),
		show(0, "promote", "web", "--ami", amis[1]),
		show(0, "promote", "web", "--ami", amis[1], "--wait", "--inline"),
	}},
	{name: "promote_conflict", steps: []step{firstDeploy,
		show(0, "promote", "web", "--ami", amis[1]),
		show(4, "promote", "web", "--ami", amis[2]),
		show(0, "promote", "web", "--ami", amis[1]),
		show(0, "promote", "web", "--ami", amis[2], "--supersede"),
		show(2, "promote", "web", "--ami", "ami-nope"),
		show(2, "promote", "web"),
	}},
	{name: "promote_no_controller", steps: []step{firstDeploy, show(3, "promote", "web", "--ami", amis[1], "--wait")}},
	{name: "promote_failed", steps: []step{firstDeploy,
		{do: func(w *world, _ string) { w.cloud.BreakAMI(amis[1], simaws.AppNeverHealthy) }},
		show(1, "promote", "web", "--ami", amis[1], "--wait", "--inline"),
		show(1, "promote", "web", "--ami", amis[1]),
		show(0, "promote", "web", "--ami", amis[1], "--retry-failed"),
	}},
	{name: "promote_gate", opts: manualGate, steps: []step{firstDeploy,
		show(3, "promote", "web", "--ami", amis[1], "--inline", "--timeout", "5m"),
		show(4, "promote", "web", "--expect-step", "2"),
		show(0, "promote", "web", "--expect-step", "1"),
		show(0, "promote", "web", "--expect-step", "1"),
		show(0, "promote", "web", "--ami", amis[1], "--wait", "--inline"),
	}},
	{name: "promote_tty", opts: worldOpts{tty: true}, textOnly: true, steps: []step{firstDeploy,
		show(0, "promote", "web", "--ami", amis[1], "--wait", "--inline"),
	}},
	{name: "status", opts: manualGate, steps: []step{
		show(0, "status", "web"), firstDeploy, pauseAtGate, show(0, "status", "web"),
	}},
	{name: "abort", opts: manualGate, steps: []step{firstDeploy, pauseAtGate,
		show(0, "abort", "web", "--wait", "--inline"),
		show(0, "abort", "web"),
	}},
	{name: "rollback", steps: []step{firstDeploy,
		show(1, "rollback", "web"),
		secondAMI,
		show(0, "rollback", "web", "--wait", "--inline"),
	}},
	{name: "history", opts: manualGate, steps: []step{
		show(0, "history", "web"), firstDeploy, pauseAtGate, hide(0, "abort", "web", "--wait", "--inline"),
		show(0, "history", "web"),
	}},
	{name: "plan", opts: manualGate, steps: []step{firstDeploy,
		show(0, "plan", "web", "--ami", amis[1]),
		pauseAtGate,
		show(0, "plan", "web", "--ami", amis[1]),
		show(0, "plan", "web", "--ami", amis[2]),
	}},
}

func TestGolden(t *testing.T) {
	for _, gc := range goldenCases {
		for _, format := range []string{"text", "json"} {
			if gc.textOnly && format == "json" {
				continue
			}
			t.Run(gc.name+"/"+format, func(t *testing.T) {
				var got string
				synctest.Test(t, func(t *testing.T) {
					got = transcript(t, newWorld(t, gc.opts), format, gc.steps)
				})
				checkGolden(t, gc.name+"."+format+".golden", got)
			})
		}
	}
}

// transcript runs the steps and records the shown ones.
func transcript(t *testing.T, w *world, format string, steps []step) string {
	dir := t.TempDir()
	w.deps.User = "ci@build-1"
	var b strings.Builder
	for _, s := range steps {
		if s.do != nil {
			s.do(w, dir)
			continue
		}
		args := s.args
		if format == "json" {
			args = append([]string{"--output", "json"}, args...)
		}
		real := make([]string, len(args))
		for i, a := range args {
			real[i] = strings.ReplaceAll(a, "{dir}", dir)
		}
		r := w.run(real...)
		if r.code != s.want {
			t.Fatalf("asgctl %v exited %d, want %d\nstdout:\n%s\nstderr:\n%s", args, r.code, s.want, r.stdout, r.stderr)
		}
		if s.hide {
			continue
		}
		fmt.Fprintf(&b, "$ asgctl %s\n[exit %d]\n%s", strings.Join(args, " "), r.code, r.stdout)
		if r.stderr != "" {
			fmt.Fprintf(&b, "[stderr]\n%s", r.stderr)
		}
		b.WriteString("\n")
	}
	return strings.ReplaceAll(b.String(), dir, "{dir}")
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test -update rewrites it):\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}

// writeSpecFiles writes web.json (the registered spec), web-bigger.json
// (desired 3) and api.json (a second service) into the temp folder.
func writeSpecFiles(w *world, dir string) {
	specFile(w.t, dir, "web.json", w.spec)
	bigger := w.spec
	bigger.Capacity.Desired = 3
	specFile(w.t, dir, "web-bigger.json", bigger)
	other := w.spec
	other.Name = "api"
	specFile(w.t, dir, "api.json", other)
}

// specFile writes spec as JSON to dir/name.
func specFile(t *testing.T, dir, name string, spec api.ServiceSpec) {
	t.Helper()
	data, err := api.Encode(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
