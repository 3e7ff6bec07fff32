package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/asgctl/asgctl/internal/buildinfo"
	ucli "github.com/urfave/cli/v2"
)

// Main runs the CLI with args and the production dependencies (Consul from
// the global flags, the AWS SDK's standard chain, the real clock) and
// returns the process exit code. SIGINT and SIGTERM cancel the command:
// a waiting verb stops waiting (an inline loop releases its lock) and exits
// 3, safe to rerun.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return RunContext(ctx, args, stdout, stderr, ProductionDeps())
}

// MainWith runs the CLI with args on deps and returns the exit code.
func MainWith(args []string, stdout, stderr io.Writer, deps Deps) int {
	return RunContext(context.Background(), args, stdout, stderr, deps)
}

// RunContext is MainWith under ctx: when ctx ends, a waiting verb stops as
// if interrupted. With --output json, a failure that printed no document
// prints {"error", "exit_code"} on stdout, so CI always gets one document.
func RunContext(ctx context.Context, args []string, stdout, stderr io.Writer, deps Deps) int {
	if isCompletionRequest(args) {
		return answerCompletion(args, stdout, deps)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := &countingWriter{w: stdout}
	notFound, asJSON := false, false
	app := newApp(out, stderr, deps.withDefaults(), &notFound)
	app.Before = func(c *ucli.Context) error {
		asJSON = strings.EqualFold(c.String("output"), "json")
		return nil
	}
	if !wantsHelp(app, args) {
		hideHelp(app)
	}
	err := app.RunContext(ctx, hoistFlags(app, args))
	unknown := ""
	if notFound {
		unknown, _ = app.Metadata[unknownCommandKey].(string)
	}
	code, msg := exitCode(err, unknown)
	if msg != "" {
		fmt.Fprintln(stderr, "asgctl:", msg)
	}
	if code != ExitOK && asJSON && out.n == 0 {
		doc := errorDoc{Error: msg, ExitCode: code}
		var inv *invalidExit
		if errors.As(err, &inv) {
			doc.Problems = inv.problems
		}
		_ = writeJSON(stdout, doc, true)
	}
	return code
}

// unknownCommandKey is the app metadata key under which CommandNotFound
// records the name it was called with.
const unknownCommandKey = "unknown_command"

// exitCode maps the app's error to the exit code and the message for
// stderr (and the JSON error document). Errors urfave/cli makes itself (a
// missing argument or flag) are usage errors, and so is unknown, a command
// name that names none; verbs give their own failures an explicit code.
func exitCode(err error, unknown string) (int, string) {
	var ec ucli.ExitCoder
	switch {
	case unknown != "":
		return ExitUsage, fmt.Sprintf("unknown command %q: run `asgctl help` for the list", unknown)
	case err == nil:
		return ExitOK, ""
	case errors.As(err, &ec):
		return ec.ExitCode(), ec.Error()
	}
	return ExitUsage, err.Error()
}

// errorDoc is the JSON document of a failure that printed none.
type errorDoc struct {
	Error    string   `json:"error"`
	Problems []string `json:"problems,omitempty"`
	ExitCode int      `json:"exit_code"`
}

// countingWriter counts what was written through it.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

func newApp(stdout, stderr io.Writer, deps Deps, notFound *bool) *ucli.App {
	app := &ucli.App{
		Name:      "asgctl",
		Version:   buildinfo.Version(),
		Usage:     "blue/green deploys for EC2 Auto Scaling groups behind an ALB, coordinated through Consul",
		Writer:    stdout,
		ErrWriter: stderr,
		Flags:     globalFlags(),
		Commands: []*ucli.Command{
			serviceCommand(deps), promoteCommand(deps), statusCommand(deps),
			abortCommand(deps), rollbackCommand(deps), repairCommand(deps), historyCommand(deps),
			planCommand(deps), controllerCommand(), sandboxCommand(), agentCommand(), sampleAppCommand(),
			releaseCommand(deps),
			configCommand(deps),
			completionCommand(), manCommand(),
		},
		// Exit codes are returned from Main, never by os.Exit inside the app.
		ExitErrHandler: func(*ucli.Context, error) {},
		OnUsageError:   usageError,
		CommandNotFound: func(c *ucli.Context, name string) {
			*notFound = true
			c.App.Metadata[unknownCommandKey] = name
		},
	}
	walkCommands(app.Commands, func(c *ucli.Command) { c.OnUsageError = usageError })
	return app
}

// usageError turns a flag the command does not know (or a bad flag value)
// into an exit 2 with the message on stderr, instead of urfave/cli's
// "Incorrect Usage" and help text on stdout, which would break a JSON
// document.
func usageError(c *ucli.Context, err error, _ bool) error {
	name := ""
	if c != nil && c.Command != nil {
		name = c.Command.FullName()
	}
	if name == "" {
		return ucli.Exit(err.Error(), ExitUsage)
	}
	return ucli.Exit(fmt.Sprintf("%s: %v (see `asgctl %s --help`)", name, err, name), ExitUsage)
}

// walkCommands calls f on every command and subcommand.
func walkCommands(cmds []*ucli.Command, f func(*ucli.Command)) {
	for _, c := range cmds {
		f(c)
		walkCommands(c.Subcommands, f)
	}
}

// wantsHelp reports whether args ask for help: -h or --help anywhere
// before "--", the help command, or no command at all.
func wantsHelp(app *ucli.App, args []string) bool {
	for _, a := range args[1:] {
		switch a {
		case "--":
			return false
		case "-h", "--help", "help", "h":
			return true
		}
	}
	for i := 1; i < len(args); i++ {
		if !isFlag(args[i]) {
			return false
		}
		i += flagTokens(app.Flags, args, i) - 1
	}
	return true
}

// hideHelp drops the help flag and command from app and its commands.
// urfave/cli shares one global help flag that parsing writes to, so runs
// in one process at once (the concurrency tests) would race on it; runs
// that ask for help keep it.
func hideHelp(app *ucli.App) {
	app.HideHelp = true
	walkCommands(app.Commands, func(c *ucli.Command) { c.HideHelp = true })
}

func globalFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.StringFlag{Name: "consul-addr", Usage: "Consul HTTP address", EnvVars: []string{"CONSUL_HTTP_ADDR"}, Value: "127.0.0.1:8500"},
		&ucli.StringFlag{Name: "consul-token", Usage: "Consul ACL token", EnvVars: []string{"CONSUL_HTTP_TOKEN"}},
		&ucli.StringFlag{Name: "consul-token-file", Usage: "file holding the Consul ACL token", EnvVars: []string{"CONSUL_HTTP_TOKEN_FILE"}},
		&ucli.StringFlag{Name: "output", Usage: "text (for people) or json (for CI)", EnvVars: []string{"ASGCTL_OUTPUT"}, Value: "text"},
		&ucli.StringFlag{Name: "log-level", Usage: "debug, info, warn or error", Value: "warn"},
		&ucli.DurationFlag{Name: "request-timeout", Usage: "give up on Consul and AWS after this long (a one-shot verb as a whole; with --wait, each call: --timeout bounds the wait)",
			EnvVars: []string{"ASGCTL_REQUEST_TIMEOUT"}, Value: DefaultRequestTimeout},
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
