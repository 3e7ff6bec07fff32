package cli

import (
	ucli "github.com/urfave/cli/v2"

	"github.com/asgctl/asgctl/controller/internal/sandbox/agenthost"
)

// agentCommand is `asgctl agent ARGS...`: asgctl-agent, run by the
// sandbox's instances so that asgctl needs no other binary.
func agentCommand() *ucli.Command { return hiddenCommand(agenthost.Agent) }

// sampleAppCommand is `asgctl sample-app ARGS...`: the sample app the
// sandbox's releases run.
func sampleAppCommand() *ucli.Command { return hiddenCommand(agenthost.SampleApp) }

// hiddenCommand runs p as a command left out of asgctl's help. Its
// arguments are p's own, passed through untouched (asgctl parses none of
// them, hoistFlags leaves them alone, and -h or --help is p's help), and
// p's exit code is asgctl's.
func hiddenCommand(p agenthost.Program) *ucli.Command {
	return &ucli.Command{
		Name:            p.Name,
		Usage:           p.Usage,
		Hidden:          true,
		SkipFlagParsing: true,
		HideHelp:        true,
		HideHelpCommand: true,
		Action: func(c *ucli.Context) error {
			if code := p.Main(c.Context, c.Args().Slice(), c.App.Writer, c.App.ErrWriter); code != ExitOK {
				return ucli.Exit("", code)
			}
			return nil
		},
	}
}
