package cli

import (
	"strings"

	ucli "github.com/urfave/cli/v2"
)

// hoistFlags reorders args into the order urfave/cli v2 parses: global
// flags, the command (and subcommand), the command's flags, then its
// positional arguments. urfave/cli (like the flag package) stops parsing
// flags at the first positional argument and knows global flags only
// before the command, while people and CI write `asgctl promote web --ami
// X` and `asgctl status web --output json`. A help flag anywhere before
// "--" asks for the command's help: its positional arguments are dropped
// so they are not taken for a subcommand. Everything after "--" stays
// positional. An unknown command keeps its arguments but gives up its
// global flags (so `asgctl nosuch --output json` still answers in JSON);
// the arguments of a command that parses none itself are left alone (SkipFlagParsing: the hidden
// commands that run another program with its own flags).
func hoistFlags(app *ucli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	global := []string{args[0]}
	i := 1
	for i < len(args) && isFlag(args[i]) {
		n := flagTokens(app.Flags, args, i)
		global = append(global, args[i:i+n]...)
		i += n
	}
	cmd := findCommand(app.Commands, args, i)
	switch {
	case i == len(args) || (cmd != nil && cmd.SkipFlagParsing):
		return append(global, args[i:]...)
	case cmd == nil: // unknown: still read --output after it, for the error document
		globals, rest := splitGlobals(app.Flags, args[i+1:])
		return append(append(append(global, globals...), args[i]), rest...)
	}
	path := []string{args[i]}
	i++
	if sub := findCommand(cmd.Subcommands, args, i); sub != nil {
		cmd = sub
		path = append(path, args[i])
		i++
	}
	p := partition(app.Flags, cmd.Flags, args[i:])
	out := append(append(global, p.global...), path...)
	if p.help {
		return append(out, "--help")
	}
	return append(append(out, p.local...), p.positional...)
}

// splitGlobals takes the global flags (with their values) out of args,
// before any "--", and returns them and the rest in their order.
func splitGlobals(globals []ucli.Flag, args []string) (found, rest []string) {
	for i := 0; i < len(args); {
		if args[i] == "--" {
			return found, append(rest, args[i:]...)
		}
		if isFlag(args[i]) && hasFlag(globals, args[i]) {
			n := flagTokens(globals, args, i)
			found = append(found, args[i:i+n]...)
			i += n
			continue
		}
		rest = append(rest, args[i])
		i++
	}
	return found, rest
}

// parted is a command's arguments sorted by kind.
type parted struct {
	global, local, positional []string
	help                      bool
}

// partition sorts rest into global flags (known to the app and not to the
// command), the command's own flags (with their values) and positional
// arguments, in their order.
func partition(globals, flags []ucli.Flag, rest []string) parted {
	var p parted
	for i := 0; i < len(rest); {
		switch {
		case rest[i] == "--":
			p.positional = append(p.positional, rest[i:]...)
			i = len(rest)
		case isHelp(rest[i]):
			p.help = true
			i++
		case isFlag(rest[i]) && !hasFlag(flags, rest[i]) && hasFlag(globals, rest[i]):
			n := flagTokens(globals, rest, i)
			p.global = append(p.global, rest[i:i+n]...)
			i += n
		case isFlag(rest[i]):
			n := flagTokens(flags, rest, i)
			p.local = append(p.local, rest[i:i+n]...)
			i += n
		default:
			p.positional = append(p.positional, rest[i])
			i++
		}
	}
	if len(p.positional) > 0 && p.positional[0] != "--" && strings.HasPrefix(p.positional[0], "-") {
		p.positional = append([]string{"--"}, p.positional...)
	}
	return p
}

func isFlag(s string) bool { return len(s) > 1 && s[0] == '-' && s != "--" }

func isHelp(s string) bool { return s == "-h" || s == "--help" }

// flagName is a flag token's name: "--ami=x" and "-ami" give "ami".
func flagName(s string) string {
	name := strings.TrimLeft(s, "-")
	if k := strings.IndexByte(name, '='); k >= 0 {
		name = name[:k]
	}
	return name
}

// hasFlag reports whether flags define the flag token s.
func hasFlag(flags []ucli.Flag, s string) bool {
	name := flagName(s)
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

// flagTokens is how many tokens the flag at args[i] spans: 2 for a flag
// that takes a value given as the next token, else 1.
func flagTokens(flags []ucli.Flag, args []string, i int) int {
	if strings.Contains(args[i], "=") || i+1 >= len(args) {
		return 1
	}
	name := flagName(args[i])
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
