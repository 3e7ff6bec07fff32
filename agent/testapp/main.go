// Command testapp is a tiny HTTP service used by the agent's tests as a real
// child process: it listens on the port it is given, answers /ping, serves /
// with a body naming its release after a configurable latency, and shuts down
// gracefully on SIGTERM. It may import only the standard library.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	cfg, err := parseConfig(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testapp:", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "testapp:", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
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
	srv := &http.Server{Handler: newHandler(cfg, exitAfterPing(cfg.exitAfterPing)), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Printf("testapp listening on %s release=%s pid=%d\n", ln.Addr(), cfg.release, os.Getpid())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintf(os.Stderr, "testapp shutting down release=%s pid=%d\n", cfg.release, os.Getpid())
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

// exitAfterPing returns the /ping hook: with d > 0 the process exits 1 d
// after the first /ping it answered.
func exitAfterPing(d time.Duration) func() {
	if d <= 0 {
		return func() {}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			time.AfterFunc(d, func() {
				fmt.Fprintf(os.Stderr, "testapp exiting %s after its first /ping, as told (--exit-after-ping)\n", d)
				os.Exit(1)
			})
		})
	}
}
