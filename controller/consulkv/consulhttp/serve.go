package consulhttp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// Serve limits: how long a client may take to send its request headers,
// and how long stop waits for answers in flight before closing their
// connections.
const (
	readHeaderTimeout = 10 * time.Second
	shutdownTimeout   = 5 * time.Second
)

// Serve serves Handler(b) on addr, which must be a loopback address:
// "127.0.0.1:PORT", "localhost:PORT", ":PORT" or "" (127.0.0.1 on a free
// port); it always listens on 127.0.0.1. It returns the address it listens
// on ("127.0.0.1:PORT", for consulkv.ConsulConfig.Address or
// CONSUL_HTTP_ADDR) and stop, which ends every blocking query in flight
// (its client gets a 503), shuts the server down and returns once it has;
// stop may be called more than once. The server also stops when ctx ends.
func Serve(ctx context.Context, addr string, b consulkv.Backend) (actualAddr string, stop func(), err error) {
	listen, err := loopback(addr)
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return "", nil, fmt.Errorf("consul facade: %w", err)
	}
	base, cancel := context.WithCancel(context.WithoutCancel(ctx))
	srv := &http.Server{
		Handler:           Handler(b),
		ReadHeaderTimeout: readHeaderTimeout,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel() // parked blocking queries return at once
			sctx, cancelShutdown := context.WithTimeout(context.Background(), shutdownTimeout)
			defer cancelShutdown()
			if srv.Shutdown(sctx) != nil {
				_ = srv.Close()
			}
		})
		<-done
	}
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-done:
		}
	}()
	return ln.Addr().String(), stop, nil
}

// loopback turns addr into the 127.0.0.1 address to listen on, refusing
// any other host.
func loopback(addr string) (string, error) {
	if addr == "" {
		return "127.0.0.1:0", nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("consul facade address %q: %w", addr, err)
	}
	switch host {
	case "", "127.0.0.1", "localhost":
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	return "", fmt.Errorf("consul facade address %q: %w", addr, errNotLoopback)
}

// errNotLoopback is the refusal of a non-loopback listen address.
var errNotLoopback = errors.New("the facade listens on 127.0.0.1 only")
