package agenthost

import (
	"context"
	"io"

	"github.com/asgctl/asgctl/agent/agentcmd"
	"github.com/asgctl/asgctl/agent/testapp/sampleapp"
)

// A Program is one the host runs, as asgctl offers it: a hidden command,
// `asgctl NAME ARGS...`, whose arguments are the program's own.
type Program struct {
	Name  string // the hidden command's name
	Usage string // one line for the command's (hidden) usage
	// Main runs the program with args (without the command name) until
	// ctx ends or the process gets SIGTERM, and returns its exit code.
	Main func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// The programs the host runs.
var (
	// Agent is asgctl-agent: `asgctl agent --config FILE` behaves exactly as
	// `asgctl-agent --config FILE` (flags, output, signals, exit codes).
	Agent = Program{Name: "agent", Usage: "run asgctl-agent (the sandbox's instances run it)", Main: agentcmd.Run}
	// SampleApp is the sample app the sandbox's releases run.
	SampleApp = Program{Name: "sample-app", Usage: "run the sandbox's sample app", Main: sampleapp.Run}
)

// A Command is an executable and the arguments it always starts with.
type Command struct {
	Path string
	Args []string
}

// argv returns the command's arguments followed by extra.
func (c Command) argv(extra ...string) []string {
	return append(append([]string(nil), c.Args...), extra...)
}

// Binaries are the programs the host runs.
type Binaries struct {
	Agent   Command // asgctl-agent
	TestApp Command // the sample app
}

// Commands returns the programs as the hidden commands of the asgctl
// executable at path.
func Commands(path string) Binaries {
	return Binaries{Agent: Command{Path: path, Args: []string{Agent.Name}},
		TestApp: Command{Path: path, Args: []string{SampleApp.Name}}}
}
