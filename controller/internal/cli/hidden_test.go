package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/internal/freeport"
)

// The hidden commands' arguments belong to the program they run: flags
// asgctl also has (--log-level, --output), help flags and flags it does not
// know stay where they are, after the command.
func TestHoistFlagsPassesHiddenCommandArgsThrough(t *testing.T) {
	app := newApp(nil, nil, Deps{}.withDefaults(), new(bool))
	for _, args := range [][]string{
		{"asgctl", "agent", "--config", "f", "--log-level", "debug", "--help"},
		{"asgctl", "--output", "json", "agent", "--check", "-h", "--output", "x"},
		{"asgctl", "sample-app", "--port", "9001", "--", "--release", "r1"},
	} {
		if got := hoistFlags(app, args); !slices.Equal(got, args) {
			t.Errorf("hoistFlags(%q) = %q, want it unchanged", args, got)
		}
	}
}

// run is asgctl with args in this process.
func run(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = RunContext(ctx, append([]string{"asgctl"}, args...), &out, &errb, ProductionDeps())
	return code, out.String(), errb.String()
}

// `asgctl agent` is asgctl-agent: its help on stdout (not asgctl's), its
// flags (not asgctl's global ones of the same name) and its exit codes.
func TestAgentCommandIsTheAgent(t *testing.T) {
	code, out, errb := run(context.Background(), "agent", "--help")
	if code != 0 || !strings.Contains(out, "Usage: asgctl-agent") || strings.Contains(out, "USAGE:") || errb != "" {
		t.Errorf("agent --help: exit %d, stdout %q, stderr %q: want the agent's usage on stdout", code, out, errb)
	}
	code, out, errb = run(context.Background(), "agent", "--config", "/nonexistent.json", "--log-level", "loud")
	if code != ExitUsage || !strings.Contains(errb, `asgctl-agent: --log-level "loud"`) || out != "" {
		t.Errorf("agent --log-level loud: exit %d, stdout %q, stderr %q: want the agent's refusal, exit 2", code, out, errb)
	}
	code, out, errb = run(context.Background(), "agent", "--bogus")
	if code != ExitUsage || !strings.Contains(errb, "-bogus") || out != "" {
		t.Errorf("agent --bogus: exit %d, stdout %q, stderr %q: want exit 2 with the usage on stderr", code, out, errb)
	}
	path := filepath.Join(t.TempDir(), "agent.json")
	cfg := `{"version": 1, "service": "web", "consul": {"address": "127.0.0.1:8500"}, "processes": 2,
		"command": ["bin/app"], "base_port": 9001, "listen": "127.0.0.1:8080",
		"dirs": {"releases": "/srv/web/releases", "env": "/srv/web/env", "state": "/var/lib/asgctl-agent/web"},
		"artifacts": {"allow": ["s3://bucket/web/"]}}`
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errb = run(context.Background(), "agent", "--config", path, "--check", "--log-level", "debug")
	var doc struct {
		Service string `json:"service"`
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil || doc.Service != "web" {
		t.Errorf("agent --config F --check --log-level debug: exit %d (%v), stdout %q, stderr %q: want the config", code, err, out, errb)
	}
}

// `asgctl sample-app` serves until its context ends (what SIGTERM does to
// asgctl), then shuts down gracefully and exits 0.
func TestSampleAppCommandServesUntilStopped(t *testing.T) {
	port, err := freeport.One()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		code        int
		out, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errb := run(ctx, "sample-app", "--port", fmt.Sprint(port), "--release", "r9")
		done <- result{code, out, errb}
	}()
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			body := new(bytes.Buffer)
			_, _ = body.ReadFrom(resp.Body)
			resp.Body.Close()
			if body.String() != "release=r9\n" {
				t.Fatalf("GET / answered %q, want the sample app's release=r9", body.String())
			}
			break
		}
		select {
		case r := <-done:
			t.Fatalf("sample-app exited %d before serving: %s", r.code, r.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("sample-app not serving on %s after 10 s: %v", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case r := <-done:
		if r.code != 0 || !strings.Contains(r.out, "testapp listening") || !strings.Contains(r.stderr, "shutting down release=r9") {
			t.Errorf("exit %d, stdout %q, stderr %q: want a graceful stop and 0", r.code, r.out, r.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sample-app did not stop within 10 s of its context ending")
	}
}

// The hidden commands stay out of asgctl's help.
func TestHiddenCommandsAreNotListed(t *testing.T) {
	code, out, _ := run(context.Background(), "--help")
	if code != 0 || !strings.Contains(out, "sandbox") {
		t.Fatalf("asgctl --help: exit %d, %q", code, out)
	}
	for _, name := range []string{"agent", "sample-app"} {
		if strings.Contains(out, "   "+name+" ") {
			t.Errorf("asgctl --help lists the hidden command %q:\n%s", name, out)
		}
	}
}
