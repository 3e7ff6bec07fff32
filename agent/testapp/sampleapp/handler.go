package sampleapp

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// newHandler serves /ping (health), / (a release-naming reply after the
// configured latency), /inflight (how many / requests are being served,
// so tests can wait for a request to be in progress instead of sleeping),
// and the probes of probes.go. pinged is called after each /ping answer.
func newHandler(cfg config, pinged func()) http.Handler {
	var inflight atomic.Int64
	mux := http.NewServeMux()
	addProbes(mux)
	mux.HandleFunc("/inflight", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = fmt.Fprint(w, inflight.Load())
	})
	mux.HandleFunc("/ping", func(w http.ResponseWriter, _ *http.Request) {
		if cfg.failHealth {
			http.Error(w, "unhealthy", http.StatusServiceUnavailable)
			return
		}
		_, _ = fmt.Fprint(w, "pong")
		pinged()
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		inflight.Add(1)
		defer inflight.Add(-1)
		if cfg.latency > 0 {
			t := time.NewTimer(cfg.latency)
			defer t.Stop()
			select {
			case <-t.C:
			case <-r.Context().Done():
				return
			}
		}
		_, _ = fmt.Fprintf(w, "release=%s\n", cfg.release)
	})
	return mux
}
