package agentcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/internal/config"
)

func TestCheckSecrets(t *testing.T) {
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	if err := os.WriteFile(token, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Consul: config.Consul{TokenFile: token}, Supervisor: config.Supervisor{RunAs: "nobody"}}
	if err := checkSecrets(cfg); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable token with run_as: %v, want a refusal naming the fix", err)
	}
	if err := os.Chmod(token, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := checkSecrets(cfg); err != nil {
		t.Fatalf("0600 token: %v", err)
	}
	cfg.Supervisor.RunAs = ""
	_ = os.Chmod(token, 0o644)
	if err := checkSecrets(cfg); err != nil {
		t.Fatalf("without run_as the token's mode is the operator's business: %v", err)
	}
}
