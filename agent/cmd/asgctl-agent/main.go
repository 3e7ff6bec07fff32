// Command asgctl-agent is the per-instance deploy agent (DESIGN.md §6): it
// keeps the service's processes on the release named in Consul, rolling
// them one at a time behind a local rotation driver. See agent/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
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

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("asgctl-agent", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", config.DefaultPath, "agent config file (JSON, see agent/README.md)")
	check := fs.Bool("check", false, "validate the config file, print it with defaults filled in, and exit")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	showVersion := fs.Bool("version", false, "print the version and exit")
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "Usage: asgctl-agent [--config FILE] [--check] [--log-level L]\n\n"+
			"Keeps this instance's service processes on the release in Consul key deploys/<service>,\n"+
			"restarting them one at a time behind the rotation driver. Stops gracefully on SIGTERM.\n\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	fs.Usage = func() {} // printed below: to stdout when asked for, to stderr after a bad flag
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		usage(stdout)
		return 0
	} else if err != nil {
		usage(stderr)
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
		return printConfig(cfg, stderr)
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: lvl})).With("service", cfg.Service)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := serve(ctx, cfg, log); err != nil && !errors.Is(err, context.Canceled) {
		log.Error("agent stopped", "err", err)
		return exitFailed
	}
	return 0
}
