package rotate

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
)

// errNoBackend is returned by the transport when nothing is in rotation.
var errNoBackend = errors.New("no backend in rotation")

// poolTransport sends each request to a backend picked from the pool and
// retries once on another backend when the request is idempotent, has no
// body, and the first attempt failed before any response arrived.
type poolTransport struct {
	pool *pool
	base http.RoundTripper
	log  *slog.Logger
}

func (t *poolTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	b := t.pool.acquire(nil)
	if b == nil {
		return nil, errNoBackend
	}
	resp, err := t.send(b, req)
	if err == nil || !retryable(req) {
		return resp, err
	}
	other := t.pool.acquire(b)
	if other == nil {
		return nil, err
	}
	t.log.Warn("backend request failed; retrying on another backend",
		"backend", b.index, "retry_backend", other.index, "error", err)
	return t.send(other, req)
}

// send forwards req to b; b's in-flight count (already taken as ordinary)
// moves to long-lived when the response is an upgrade or an event stream,
// and is released when the response body is closed (for an upgraded
// connection: when the connection ends), at the latest when the request's
// context ends, or at once on error.
func (t *poolTransport) send(b *backend, req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme = "http"
	out.URL.Host = b.addr
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		b.release(false)
		return nil, err
	}
	long := isLongLived(resp)
	if long {
		b.promote()
	}
	resp.Body = wrapBody(req.Context(), resp.Body, func() { b.release(long) })
	return resp, nil
}

// isLongLived reports whether resp starts something that may never end by
// itself: a protocol switch (websocket) or a server-sent event stream.
func isLongLived(resp *http.Response) bool {
	if resp.StatusCode == http.StatusSwitchingProtocols {
		return true
	}
	media, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	return strings.EqualFold(strings.TrimSpace(media), "text/event-stream")
}

func retryable(req *http.Request) bool {
	if req.Context().Err() != nil {
		return false
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return false
	}
	return req.Body == nil || req.Body == http.NoBody
}
