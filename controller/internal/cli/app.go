package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	ucli "github.com/urfave/cli/v2"
)

// Exit codes (DESIGN.md §10).
const (
	ExitOK       = 0
	ExitFailed   = 1
	ExitUsage    = 2
	ExitTimeout  = 3
	ExitConflict = 4
)

// Main runs the CLI with args and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.Run(args)
	if err == nil {
		return ExitOK
	}
	var ec ucli.ExitCoder
	if errors.As(err, &ec) {
		if msg := ec.Error(); msg != "" {
			fmt.Fprintln(stderr, "asgctl:", msg)
		}
		return ec.ExitCode()
	}
	fmt.Fprintln(stderr, "asgctl:", err)
	return ExitUsage
}

func newApp(stdout, stderr io.Writer) *ucli.App {
	return &ucli.App{
		Name:      "asgctl",
		Usage:     "blue/green deploys for EC2 Auto Scaling groups behind an ALB, coordinated through Consul",
		Writer:    stdout,
		ErrWriter: stderr,
		Flags:     globalFlags(),
		Commands:  []*ucli.Command{sandboxCommand()},
		// Exit codes are returned from Main, never by os.Exit inside the app.
		ExitErrHandler: func(*ucli.Context, error) {},
		OnUsageError: func(_ *ucli.Context, err error, _ bool) error {
			return ucli.Exit(err.Error(), ExitUsage)
		},
	}
}

func globalFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.StringFlag{Name: "consul-addr", Usage: "Consul HTTP address", EnvVars: []string{"CONSUL_HTTP_ADDR"}, Value: "127.0.0.1:8500"},
		&ucli.StringFlag{Name: "consul-token", Usage: "Consul ACL token", EnvVars: []string{"CONSUL_HTTP_TOKEN"}},
		&ucli.StringFlag{Name: "consul-token-file", Usage: "file holding the Consul ACL token", EnvVars: []string{"CONSUL_HTTP_TOKEN_FILE"}},
		&ucli.StringFlag{Name: "output", Usage: "text (for people) or json (for CI)", EnvVars: []string{"ASGCTL_OUTPUT"}, Value: "text"},
		&ucli.StringFlag{Name: "log-level", Usage: "debug, info, warn or error", Value: "warn"},
	}
}

// output returns the validated --output value.
func output(c *ucli.Context) (string, error) {
	o := strings.ToLower(c.String("output"))
	if o != "text" && o != "json" {
		return "", ucli.Exit(fmt.Sprintf("--output must be text or json, not %q", o), ExitUsage)
	}
	return o, nil
}

// logger builds the slog logger for --log-level, writing JSON to stderr.
func logger(c *ucli.Context) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		return nil, ucli.Exit(fmt.Sprintf("--log-level %q: use debug, info, warn or error", c.String("log-level")), ExitUsage)
	}
	return slog.New(slog.NewJSONHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: lvl})), nil
}
