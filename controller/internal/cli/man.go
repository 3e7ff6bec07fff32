package cli

import (
	"io"

	ucli "github.com/urfave/cli/v2"
)

// manSection is the man page section of asgctl (user commands).
const manSection = 1

// manCommand prints asgctl's man page in roff, made from the commands and
// flags themselves, so it cannot drift from them; hidden commands (this one
// among them) are left out. `make man` writes it to bin/man/asgctl.1 and
// the release ships it.
func manCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "man",
		Hidden:    true,
		Usage:     "print the asgctl(1) man page (roff) to stdout",
		UsageText: "asgctl man > asgctl.1",
		Action: func(c *ucli.Context) error {
			if c.NArg() > 0 {
				return usagef("man takes no arguments, got %q", c.Args().First())
			}
			page, err := c.App.ToManWithSection(manSection)
			if err != nil {
				return failedf("render the man page: %v", err)
			}
			if _, err := io.WriteString(c.App.Writer, page); err != nil {
				return failedf("write the man page: %v", err)
			}
			return nil
		},
	}
}
