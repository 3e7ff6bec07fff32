// Command testapp is a tiny HTTP service used by the agent's tests as a
// real child process; its code is agent/testapp/sampleapp. It may import
// only the standard library and sampleapp.
package main

import (
	"context"
	"os"

	"github.com/asgctl/asgctl/agent/testapp/sampleapp"
)

func main() { os.Exit(sampleapp.Run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) }
