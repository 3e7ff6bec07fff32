package rotate

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"time"
)

// Proxy timeouts. There is no write timeout so long responses and upgraded
// (websocket) connections are not cut.
const (
	readHeaderTimeout     = 10 * time.Second
	idleTimeout           = 120 * time.Second
	dialTimeout           = 5 * time.Second
	responseHeaderTimeout = 60 * time.Second
	backendIdleTimeout    = 90 * time.Second
	maxIdlePerBackend     = 256
)

// Builtin is the builtin rotation driver: an HTTP reverse proxy on the
// instance that round-robins over the backends in rotation.
type Builtin struct {
	pool           *pool
	drainTimeout   time.Duration
	drainLongLived time.Duration
	log            *slog.Logger
	srv            *http.Server
	ln             net.Listener
	transport      *http.Transport
}

var _ Driver = (*Builtin)(nil)

// NewBuiltin listens on listen and proxies to backends (index → host:port),
// all of them initially in rotation. A drain waits up to drainTimeout for
// ordinary requests and up to drainLongLived (at most drainTimeout) for
// upgraded connections and event streams.
func NewBuiltin(listen string, backends map[int]string, drainTimeout, drainLongLived time.Duration, log *slog.Logger) (*Builtin, error) {
	if len(backends) == 0 {
		return nil, errors.New("builtin rotation: no backends")
	}
	if err := checkDrainCaps(drainTimeout, drainLongLived); err != nil {
		return nil, fmt.Errorf("builtin rotation: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("builtin rotation: listen %s: %w", listen, err)
	}
	b := &Builtin{pool: newPool(backends), drainTimeout: drainTimeout, drainLongLived: drainLongLived,
		log: log, ln: ln, transport: newBackendTransport()}
	b.srv = &http.Server{Handler: b.newProxy(), ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout: idleTimeout, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go b.serve()
	log.Info("builtin rotation listening", "listen", ln.Addr().String(), "backends", len(backends))
	return b, nil
}

func (b *Builtin) serve() {
	if err := b.srv.Serve(b.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		b.log.Error("builtin rotation stopped serving", "error", err)
	}
}

func newBackendTransport() *http.Transport {
	return &http.Transport{
		DialContext:           (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          0,
		MaxIdleConnsPerHost:   maxIdlePerBackend,
		IdleConnTimeout:       backendIdleTimeout,
		ResponseHeaderTimeout: responseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
	}
}

// checkDrainCaps validates the two drain caps.
func checkDrainCaps(drainTimeout, drainLongLived time.Duration) error {
	if drainTimeout <= 0 {
		return fmt.Errorf("drain timeout must be positive, got %s", drainTimeout)
	}
	if drainLongLived <= 0 {
		return fmt.Errorf("long-lived drain cap must be positive, got %s", drainLongLived)
	}
	if drainLongLived > drainTimeout {
		return fmt.Errorf("long-lived drain cap %s is longer than the drain timeout %s; lower it to at most %s",
			drainLongLived, drainTimeout, drainTimeout)
	}
	return nil
}

func (b *Builtin) newProxy() *httputil.ReverseProxy {
	_, port, _ := net.SplitHostPort(b.ln.Addr().String())
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL.Scheme = "http"
			r.Out.URL.Host = "backend" // replaced by poolTransport
			r.Out.Host = r.In.Host
			setForwarded(r, port)
		},
		Transport: &poolTransport{pool: b.pool, base: b.transport, log: b.log},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			status := http.StatusBadGateway
			if errors.Is(err, errNoBackend) {
				status = http.StatusServiceUnavailable
			}
			if r.Context().Err() == nil {
				b.log.Warn("proxy request failed", "path", r.URL.Path, "status", status, "error", err)
			}
			w.WriteHeader(status)
		},
	}
}

// Addr is the address the proxy listens on.
func (b *Builtin) Addr() string { return b.ln.Addr().String() }

// Serving lists the backend indexes in rotation, ascending.
func (b *Builtin) Serving() []int { return b.pool.serving() }

// InFlight returns the number of requests backend index is serving now,
// long-lived ones included.
func (b *Builtin) InFlight(index int) (int, error) {
	be, err := b.pool.get(index)
	if err != nil {
		return 0, err
	}
	return be.counts().total(), nil
}

// LongLived returns the number of upgraded connections and event streams
// backend index is serving now.
func (b *Builtin) LongLived(index int) (int, error) {
	be, err := b.pool.get(index)
	if err != nil {
		return 0, err
	}
	return be.counts().longLived, nil
}
