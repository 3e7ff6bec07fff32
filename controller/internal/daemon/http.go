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

// ReadyFailures is how many passes in a row every service must have
// failed for /readyz to say the replica is not ready.
const ReadyFailures = 3

// Handler serves GET /healthz (liveness), GET /readyz (readiness) and
// GET /metrics.
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", d.serveHealth)
	mux.HandleFunc("GET /readyz", d.serveReady)
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
	answer(w, d.unhealthy(r.Context()))
}

// serveReady answers like /healthz, and also 503 while every service's
// last ReadyFailures passes failed: the replica is alive but gets no work
// done (credentials gone, AWS unreachable), which a restart will not fix
// but an operator should see.
func (d *Daemon) serveReady(w http.ResponseWriter, r *http.Request) {
	reason := d.unhealthy(r.Context())
	if bad, why := d.metrics.failing(ReadyFailures); reason == "" && bad {
		reason = fmt.Sprintf("not ready: every service's last %d passes failed; latest %s", ReadyFailures, why)
	}
	answer(w, reason)
}

// answer writes 200 "ok", or 503 and reason when it is not empty.
func answer(w http.ResponseWriter, reason string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if reason != "" {
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
