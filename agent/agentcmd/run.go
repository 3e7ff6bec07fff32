package agentcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os/signal"
	"syscall"

	"github.com/asgctl/asgctl/agent/internal/config"
	"github.com/asgctl/asgctl/internal/buildinfo"
)

// Exit codes: 0 after a clean shutdown, 1 when the agent could not start,
// 2 for a bad command line or config file.
const (
	exitFailed = 1
	exitUsage  = 2
)

// Run is asgctl-agent with the command-line arguments args (without the
// program name): it runs the agent until ctx ends or the process gets
// SIGTERM or SIGINT, then stops gracefully. It writes --help, --version
// and --check to stdout, logs (JSON) and errors to stderr, and returns the
// exit code: 0 after a clean shutdown, 1 when the agent could not start or
// failed, 2 for a bad command line or config file.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("asgctl-agent", flag.ContinueOnError)
	path := fs.String("config", config.DefaultPath, "agent config file (JSON, see agent/README.md)")
	check := fs.Bool("check", false, "validate the config file, print it with defaults filled in, and exit")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	showVersion := fs.Bool("version", false, "print the version and exit")
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed below: to stdout when asked for, to stderr after a bad flag
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		usage(fs, stdout)
		return 0
	} else if err != nil {
		usage(fs, stderr)
		return exitUsage
	}
	if *showVersion {
		fmt.Fprintln(stdout, "asgctl-agent", buildinfo.Version())
		return 0
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		fmt.Fprintf(stderr, "asgctl-agent: --log-level %q: want debug, info, warn or error\n", *level)
		return exitUsage
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintf(stderr, "asgctl-agent: %v\n", err)
		return exitUsage
	}
	if *check {
		return printConfig(cfg, stdout, stderr)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: lvl})).With("service", cfg.Service)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := serve(ctx, cfg, log); err != nil && !errors.Is(err, context.Canceled) {
		log.Error("agent stopped", "error", err)
		return exitFailed
	}
	return 0
}

// usage prints the command's usage and flags to w.
func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "Usage: asgctl-agent [--config FILE] [--check] [--log-level L]\n\n"+
		"Keeps this instance's service processes on the release in Consul key deploys/<service>,\n"+
		"restarting them one at a time behind the rotation driver. Stops gracefully on SIGTERM.\n\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}
