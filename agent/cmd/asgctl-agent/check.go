package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/asgctl/asgctl/agent/internal/config"
)

// printConfig prints the effective config (defaults filled in) to stdout.
func printConfig(cfg *config.Config, stderr io.Writer) int {
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "asgctl-agent: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(os.Stdout, string(out))
	return 0
}
