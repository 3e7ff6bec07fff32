// Package sampleapp is the test app (agent/testapp), a tiny HTTP service
// the agent's tests and the sandbox run as a real child process: it
// listens on the port it is given, answers /ping, serves / with a body
// naming its release ("release=<name>") after a configurable latency, and
// shuts down gracefully on SIGTERM. agent/testapp's main runs it, and so
// does asgctl's hidden `asgctl sample-app` command.
//
// Faults make bad releases on purpose: --fail-health (env
// TESTAPP_FAIL_HEALTH=1) fails /ping; --exit-after-ping crashes after a
// passed health check; and two leave /ping and the other probes passing,
// so the process looks healthy, while its traffic is bad:
// --error-fraction F (env TESTAPP_ERROR_FRACTION) answers the fraction F
// of requests to / (and to every other path that is not a probe) with
// 500, evenly and deterministically (0.05: every 20th request), and
// --broken-root (env TESTAPP_BROKEN_ROOT=1) answers / with "broken
// release <name>", which does not contain "release=<name>". Config pushed
// through Consul reaches the app as environment variables, so a service's
// config can turn the TESTAPP_* faults on (from the next restart for a new
// release or config_rev).
//
// It may import only the standard library.
package sampleapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// Run is the test app with the command-line arguments args (without the
// program name; PORT, ASGCTL_RELEASE, TESTAPP_FAIL_HEALTH,
// TESTAPP_ERROR_FRACTION and TESTAPP_BROKEN_ROOT from the environment fill
// in absent flags). It serves until ctx ends or the
// process gets SIGTERM or SIGINT, then shuts down gracefully. It returns
// the exit code: 0 after a graceful shutdown, 1 when serving failed or
// --exit-after-ping fired, 2 for bad arguments.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "testapp:", err)
		return 2
	}
	if err := serve(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "testapp:", err)
		return 1
	}
	return 0
}

// serve listens after the start delay and serves until told to stop.
func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	select {
	case <-time.After(cfg.startDelay):
	case <-ctx.Done():
		return nil
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.host, fmt.Sprint(cfg.port)))
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	pinged, crash := crashAfterPing(cfg.exitAfterPing)
	srv := &http.Server{Handler: newHandler(cfg, pinged), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "testapp listening on %s release=%s pid=%d\n", ln.Addr(), cfg.release, os.Getpid())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-crash:
		_ = srv.Close()
		return fmt.Errorf("exiting %s after its first /ping, as told (--exit-after-ping)", cfg.exitAfterPing)
	case <-ctx.Done():
	}
	fmt.Fprintf(stderr, "testapp shutting down release=%s pid=%d\n", cfg.release, os.Getpid())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// crashAfterPing returns the /ping hook and a channel it closes d after
// the first /ping answered (a release that crashes after passing its
// health check). With d <= 0 the hook does nothing and the channel never
// closes.
func crashAfterPing(d time.Duration) (func(), <-chan struct{}) {
	crash := make(chan struct{})
	if d <= 0 {
		return func() {}, crash
	}
	var once sync.Once
	return func() {
		once.Do(func() { time.AfterFunc(d, func() { close(crash) }) })
	}, crash
}
