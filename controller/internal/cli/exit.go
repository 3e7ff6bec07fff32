package cli

import (
	"fmt"

	ucli "github.com/urfave/cli/v2"
)

// Exit codes (docs/exit-codes.md).
const (
	ExitOK       = 0
	ExitFailed   = 1
	ExitUsage    = 2
	ExitTimeout  = 3
	ExitConflict = 4
)

// usagef is an invalid-input error (exit 2).
func usagef(format string, args ...any) error {
	return ucli.Exit(fmt.Sprintf(format, args...), ExitUsage)
}

// failedf is a failure (exit 1): a rollout reverted or failed, or the
// command could not do its work.
func failedf(format string, args ...any) error {
	return ucli.Exit(fmt.Sprintf(format, args...), ExitFailed)
}

// exitWith returns an error carrying code and msg; code 0 is no error.
func exitWith(code int, msg string) error {
	if code == ExitOK {
		return nil
	}
	return ucli.Exit(msg, code)
}

// failed wraps an unexpected error (Consul or AWS unreachable, a value
// that does not decode) as exit 1 with what was being done. Not getting
// through to Consul or AWS is said in one line with a hint (explain).
func failed(what string, err error) error {
	if d := explain(err); d.cause != "" {
		msg := what + ": " + d.cause
		if d.hint != "" {
			msg += "\nhint: " + d.hint
		}
		return ucli.Exit(msg, ExitFailed)
	}
	return ucli.Exit(fmt.Sprintf("%s: %v", what, err), ExitFailed)
}

// invalidExit is a usage error (exit 2) listing a validation's problems,
// which the JSON error document carries as a list.
type invalidExit struct {
	ucli.ExitCoder
	problems []string
}

func invalidf(problems []string, format string, args ...any) error {
	return &invalidExit{ExitCoder: ucli.Exit(fmt.Sprintf(format, args...), ExitUsage), problems: problems}
}
