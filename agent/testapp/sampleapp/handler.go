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
// The faults --error-fraction and --broken-root change only what /, which
// also serves every path that is not a probe, answers.
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
	mux.HandleFunc("/", root(cfg, &inflight))
	return mux
}

// root answers "release=<name>" after the configured latency, counting
// the requests in flight; with --error-fraction some requests answer 500
// instead, and with --broken-root the body does not name the release.
func root(cfg config, inflight *atomic.Int64) http.HandlerFunc {
	spread := newErrorSpreader(cfg.errorFraction)
	return func(w http.ResponseWriter, r *http.Request) {
		inflight.Add(1)
		defer inflight.Add(-1)
		fail := spread.fail()
		if cfg.latency > 0 {
			t := time.NewTimer(cfg.latency)
			defer t.Stop()
			select {
			case <-t.C:
			case <-r.Context().Done():
				return
			}
		}
		switch {
		case fail:
			http.Error(w, fmt.Sprintf("release=%s injected error (--error-fraction %s)", cfg.release, &cfg.errorFraction), http.StatusInternalServerError)
		case cfg.brokenRoot:
			_, _ = fmt.Fprintf(w, "broken release %s\n", cfg.release)
		default:
			_, _ = fmt.Fprintf(w, "release=%s\n", cfg.release)
		}
	}
}
