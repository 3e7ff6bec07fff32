package agentcmd

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/asgctl/asgctl/agent/internal/config"
)

// printConfig prints the effective config (defaults filled in) to stdout.
func printConfig(cfg *config.Config, stdout, stderr io.Writer) int {
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "asgctl-agent: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, string(out))
	return 0
}
