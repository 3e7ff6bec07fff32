package docs

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/agent/agentcmd"
	"github.com/asgctl/asgctl/controller/api"
)

// The Go loaders the schemas must agree with: what `asgctl service put`
// decodes a spec with, and what `asgctl-agent --check` loads a config
// with.

// loadSpec decodes and validates a service spec as `asgctl service put`
// does (strict decoding, then every rule).
func loadSpec(data []byte) error {
	_, err := api.DecodeSpec(data)
	return err
}

// loadAgentConfig runs `asgctl-agent --check --config FILE` on data and
// returns what it prints: the config with the defaults filled in.
func loadAgentConfig(t *testing.T, data []byte) ([]byte, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "agent.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return checkAgentConfigFile(path)
}

// checkAgentConfigFile runs `asgctl-agent --check --config path`.
func checkAgentConfigFile(path string) ([]byte, error) {
	var out, errb bytes.Buffer
	code := agentcmd.Run(context.Background(), []string{"--check", "--config", path}, &out, &errb)
	if code != 0 {
		return nil, fmt.Errorf("asgctl-agent --check exited %d: %s", code, strings.TrimSpace(errb.String()))
	}
	return out.Bytes(), nil
}

// loadAs loads data with the Go loader of the schema it is an example of
// ("service-spec" or "agent-config").
func loadAs(t *testing.T, schema string, data []byte) error {
	t.Helper()
	switch schema {
	case "service-spec":
		return loadSpec(data)
	case "agent-config":
		_, err := loadAgentConfig(t, data)
		return err
	}
	t.Fatalf("no Go loader for %q", schema)
	return nil
}
