package agentcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpGoesToStdout(t *testing.T) {
	for _, arg := range []string{"--help", "-h"} {
		var out, errb bytes.Buffer
		if code := Run(context.Background(), []string{arg}, &out, &errb); code != 0 {
			t.Errorf("%s exited %d, want 0", arg, code)
		}
		if !strings.Contains(out.String(), "Usage: asgctl-agent") || !strings.Contains(out.String(), "-config") || errb.Len() != 0 {
			t.Errorf("%s: stdout %q, stderr %q: want the usage on stdout only", arg, out.String(), errb.String())
		}
	}
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"--bogus"}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "-bogus") || out.Len() != 0 {
		t.Errorf("a bad flag exited %d with stdout %q, stderr %q: want exit 2 on stderr", code, out.String(), errb.String())
	}
}

// TestCheckPrintsToStdout: --check prints the effective config on the
// stdout it is given (asgctl's hidden `agent` command passes its own).
func TestCheckPrintsToStdout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "agent.json")
	cfg := `{"version": 1, "service": "web", "consul": {"address": "127.0.0.1:8500"}, "processes": 2,
		"command": ["bin/web", "--port", "{port}"], "base_port": 9001, "listen": "127.0.0.1:8080",
		"dirs": {"releases": "/srv/web/releases", "env": "/srv/web/env", "state": "/var/lib/asgctl-agent/web"},
		"artifacts": {"allow": ["s3://bucket/web/"]}}`
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"--config", path, "--check"}, &out, &errb)
	var doc struct {
		Service   string `json:"service"`
		Processes int    `json:"processes"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); code != 0 || err != nil || doc.Service != "web" || doc.Processes != 2 {
		t.Fatalf("--check exited %d (%v) with stdout %q, stderr %q: want the config as JSON on stdout", code, err, out.String(), errb.String())
	}
}
