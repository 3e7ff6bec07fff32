package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// healthTimeout bounds the Consul read behind /healthz.
const healthTimeout = 2 * time.Second

// Handler serves GET /healthz and GET /metrics.
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", d.serveHealth)
	mux.HandleFunc("GET /metrics", d.serveMetrics)
	return mux
}

// newServer is the HTTP server of Listen.
func newServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// serveHealth answers 200 "ok" while Consul answers and the heartbeat is
// held, else 503 with the reason.
func (d *Daemon) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if reason := d.unhealthy(r.Context()); reason != "" {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, reason)
		return
	}
	fmt.Fprintln(w, "ok")
}

// unhealthy says why the replica is not healthy, "" when it is.
func (d *Daemon) unhealthy(ctx context.Context) string {
	select {
	case <-d.ready:
	default:
		return "starting: heartbeat not taken yet"
	}
	if d.stopping.Load() {
		return "shutting down"
	}
	ctx, cancel := withTimeout(ctx, d.cfg.Clock, healthTimeout)
	defer cancel()
	e, _, err := d.cfg.Backend.Get(ctx, d.hb.key, nil)
	switch {
	case err != nil:
		return fmt.Sprintf("consul not answering: %v", err)
	case e == nil || e.Session == "" || !d.hb.held():
		return fmt.Sprintf("heartbeat %s not held", d.hb.key)
	}
	return ""
}

// serveMetrics writes the metrics in the Prometheus text format.
func (d *Daemon) serveMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", contentType)
	fmt.Fprint(w, d.exposition())
}
