package balancer

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
)

// attemptKey carries the *attempt of one proxied try in the request
// context, from ServeHTTP to the proxy's hooks.
type attemptKey struct{}

// attempt is one try of a request on one target.
type attempt struct {
	addr string
	err  error // the transport error, when the proxy got no response
}

func (b *Balancer) newProxy() *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			a := pr.In.Context().Value(attemptKey{}).(*attempt)
			pr.SetURL(&url.URL{Scheme: "http", Host: a.addr})
			pr.Out.Host = pr.In.Host // the ALB keeps the client's Host
			pr.SetXForwarded()
		},
		Transport: b.cfg.Transport,
		// The proxy calls it before writing anything; ServeHTTP answers.
		ErrorHandler: func(_ http.ResponseWriter, r *http.Request, err error) {
			r.Context().Value(attemptKey{}).(*attempt).err = err
		},
		ErrorLog: slog.NewLogLogger(b.cfg.Log.Handler(), slog.LevelDebug),
	}
}

// ServeHTTP routes one request: a target group by weight, a target in it
// round robin, one retry elsewhere in the group on a transport error (see
// Config.RetryOnConnectError). It answers 503 when the chosen group has no
// target to route to and 502 when the target failed. A request routed to
// a group is reported to Config.OnAnswer once answered.
func (b *Balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.stats.request()
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if p := recover(); p != nil {
			b.stats.failure() // the response was cut (http.ErrAbortHandler)
			panic(p)
		}
	}()
	g, t, found, ok := b.router.pick()
	if !ok {
		b.fail(sw, r, http.StatusServiceUnavailable)
		return
	}
	b.stats.routed(g.arn)
	start := b.cfg.Clock.Now()
	fromTarget := found && b.serve(sw, r, g, t)
	if !found {
		b.fail(sw, r, http.StatusServiceUnavailable)
	}
	b.answered(g.arn, start, sw.code, fromTarget)
}

// serve sends r to t, and once more to another target of g after a
// transport error when that may be retried. It reports whether a target
// answered; otherwise it has answered 502 itself.
func (b *Balancer) serve(sw *statusWriter, r *http.Request, g route, t Target) bool {
	for try := 0; ; try++ {
		err := b.forward(sw, r, t)
		if err == nil {
			b.stats.served(t.ID, sw.code)
			return true
		}
		b.stats.targetError(t.ID)
		b.cfg.Log.Debug("balancer target error", "target_group", g.arn, "instance_id", t.ID, "error", err)
		if try == 0 && b.retryable(sw, r) {
			if next, ok := another(g, t.ID); ok {
				b.stats.retry()
				t = next
				continue
			}
		}
		b.fail(sw, r, http.StatusBadGateway)
		return false
	}
}

// forward tries r on t and returns the transport error, if any; on nil a
// response has been written.
func (b *Balancer) forward(w *statusWriter, r *http.Request, t Target) error {
	a := &attempt{addr: t.Addr}
	b.proxy.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), attemptKey{}, a)))
	return a.err
}

// retryable reports whether a failed try may be repeated: retries are on,
// nothing was written, the client still waits and there is no body that
// the first try may have consumed.
func (b *Balancer) retryable(w *statusWriter, r *http.Request) bool {
	return *b.cfg.RetryOnConnectError && !w.wrote && r.Context().Err() == nil &&
		(r.Body == nil || r.Body == http.NoBody)
}

// fail answers with a status the balancer generates; it is a failure
// unless the client had already gone.
func (b *Balancer) fail(w *statusWriter, r *http.Request, code int) {
	if r.Context().Err() != nil {
		b.stats.canceled()
	} else {
		b.stats.failure()
	}
	if !w.wrote {
		http.Error(w, http.StatusText(code), code)
	}
}

// statusWriter records what was written to the client.
type statusWriter struct {
	http.ResponseWriter
	code  int  // the final status, 0 until written
	wrote bool // anything written, 1xx included
}

func (w *statusWriter) WriteHeader(code int) {
	w.wrote = true
	if w.code == 0 && code >= 200 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	w.wrote = true
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController (used by the proxy to flush and
// hijack) reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
