// Command asgctl is the asgctl CLI, the controller daemon and the sandbox.
package main

import (
	"os"

	"github.com/asgctl/asgctl/controller/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args, os.Stdout, os.Stderr)) }
