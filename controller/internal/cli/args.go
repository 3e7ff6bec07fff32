package cli

import (
	"strings"

	ucli "github.com/urfave/cli/v2"
)

// hoistFlags moves a command's flags in front of its positional arguments,
// so `asgctl promote web --ami X` parses as DESIGN.md §10 writes it:
// urfave/cli v2 (like the flag package) stops parsing flags at the first
// positional argument. Global flags stay before the command; everything
// after "--" stays positional. Unknown commands are left alone.
func hoistFlags(app *ucli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	i := 1
	for i < len(args) && isFlag(args[i]) {
		n := flagTokens(app.Flags, args, i)
		out = append(out, args[i:i+n]...)
		i += n
	}
	cmd := findCommand(app.Commands, args, i)
	if cmd == nil {
		return append(out, args[i:]...)
	}
	out = append(out, args[i])
	i++
	if i < len(args) {
		if sub := findCommand(cmd.Subcommands, args, i); sub != nil {
			cmd = sub
			out = append(out, args[i])
			i++
		}
	}
	return append(out, partition(cmd.Flags, args[i:])...)
}

// partition returns rest's flags (with their values) first, then its
// positional arguments.
func partition(flags []ucli.Flag, rest []string) []string {
	var fl, pos []string
	for i := 0; i < len(rest); {
		switch {
		case rest[i] == "--":
			pos = append(pos, rest[i:]...)
			i = len(rest)
		case isFlag(rest[i]):
			n := flagTokens(flags, rest, i)
			fl = append(fl, rest[i:i+n]...)
			i += n
		default:
			pos = append(pos, rest[i])
			i++
		}
	}
	if len(pos) > 0 && pos[0] != "--" && strings.HasPrefix(pos[0], "-") {
		pos = append([]string{"--"}, pos...)
	}
	return append(fl, pos...)
}

func isFlag(s string) bool { return len(s) > 1 && s[0] == '-' && s != "--" }

// flagTokens is how many tokens the flag at args[i] spans: 2 for a flag
// that takes a value given as the next token, else 1.
func flagTokens(flags []ucli.Flag, args []string, i int) int {
	name := strings.TrimLeft(args[i], "-")
	if strings.Contains(name, "=") || i+1 >= len(args) {
		return 1
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			if _, isBool := f.(*ucli.BoolFlag); isBool {
				return 1
			}
			return 2
		}
	}
	return 1
}

func findCommand(cmds []*ucli.Command, args []string, i int) *ucli.Command {
	if i >= len(args) {
		return nil
	}
	for _, c := range cmds {
		if c.HasName(args[i]) {
			return c
		}
	}
	return nil
}
