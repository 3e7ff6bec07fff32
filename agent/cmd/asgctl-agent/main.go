// Command asgctl-agent is the per-instance deploy agent: it keeps the
// service's processes on the release named in Consul, rolling them one at
// a time behind a local rotation driver. Its code is agent/agentcmd. See
// agent/README.md.
package main

import (
	"context"
	"os"

	"github.com/asgctl/asgctl/agent/agentcmd"
)

func main() { os.Exit(agentcmd.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) }
