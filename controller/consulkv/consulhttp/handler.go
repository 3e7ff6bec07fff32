package consulhttp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// MaxBodyBytes caps every request body: a KV value, as Consul's default
// kv_max_value_size and consulkv.MaxMemoryValueBytes, and a session or
// transaction document, as Consul's txn_max_req_len.
const MaxBodyBytes = consulkv.MaxMemoryValueBytes

// served names what the facade serves, for the bodies of its refusals.
const served = "the asgctl Consul facade serves only /v1/kv/<key> (GET, PUT, DELETE), " +
	"/v1/session/create, /v1/session/renew/<id>, /v1/session/destroy/<id> and /v1/txn (PUT)"

// server is the facade over one backend.
type server struct {
	b consulkv.Backend

	// sessions remembers what each session made here was created with, for
	// the entry renew answers with. An entry goes when the session is
	// destroyed here or a renewal finds it gone.
	mu       sync.Mutex
	sessions map[string]sessionEntry
}

// Handler serves b over Consul's HTTP API subset (see the package doc). b
// is meant to be a consulkv.Memory on clock.Real; other processes then see
// the writes of in-process users of b and the other way round.
//
// What of Consul's semantics the facade does not reproduce:
//
//   - ACLs: X-Consul-Token is accepted and ignored; nothing is denied.
//   - KV flags: only 0 (a write with ?flags=N, N > 0, is refused);
//     LockIndex is not counted: it is 1 while a session holds the key and 0
//     otherwise (Consul counts acquisitions and keeps the count).
//   - Sessions: behavior "delete" and health checks other than serfHealth
//     are refused (400) and Node is ignored; a lock-delay above 60 s is
//     clamped as Consul clamps it; session ids are the backend's (Memory:
//     counters in UUID form); renew answers with what the session was
//     created with here, remembered until it is destroyed or found gone; TTL expiry is the backend's (Memory: at TTL, where Consul
//     takes between TTL and 2×TTL). There is no /v1/session/info, list or
//     node endpoint: the backend cannot tell whether a session lives
//     without renewing it.
//   - Transactions: only KV check-index followed by at most one unlock, and
//     they are checked then applied, not atomic against concurrent writers
//     (a write between the check and the unlock is not detected). An
//     unlock's value must be the key's current value: Memory's Release
//     keeps the value, so a different value is refused with 409 (a reader
//     retries, as after a lost index check).
//   - ?release=, DELETE with ?cas= or ?recurse, ?keys, ?separator, ?raw,
//     ?dc and ?filter are refused (400), as is every other endpoint (404).
//   - Blocking queries wait for the key or prefix itself (Memory's rule),
//     so a blocking Get on an absent key does not wake on writes elsewhere;
//     the wait time gets no jitter.
//   - JSON is written compact (Consul indents only in dev mode or with
//     ?pretty).
func Handler(b consulkv.Backend) http.Handler {
	return &server{b: b, sessions: map[string]sessionEntry{}}
}

// ServeHTTP routes by path, as Consul's mux does, without cleaning the path
// (a key may contain "//").
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case strings.HasPrefix(path, "/v1/kv/"):
		s.kv(w, r, strings.TrimPrefix(path, "/v1/kv/"))
	case path == "/v1/session/create":
		if allow(w, r, http.MethodPut) {
			s.createSession(w, r)
		}
	case strings.HasPrefix(path, "/v1/session/renew/"):
		if allow(w, r, http.MethodPut) {
			s.renewSession(w, r, strings.TrimPrefix(path, "/v1/session/renew/"))
		}
	case strings.HasPrefix(path, "/v1/session/destroy/"):
		if allow(w, r, http.MethodPut) {
			s.destroySession(w, r, strings.TrimPrefix(path, "/v1/session/destroy/"))
		}
	case path == "/v1/txn":
		if allow(w, r, http.MethodPut) {
			s.txn(w, r)
		}
	default:
		text(w, http.StatusNotFound, "Invalid URL path: not a recognized HTTP API endpoint (%s)", served)
	}
}

// allow answers 405 unless r's method is one of methods.
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ","))
	text(w, http.StatusMethodNotAllowed, "method %s not allowed", r.Method)
	return false
}

// checkParams answers 400 when r has a query parameter outside known.
func checkParams(w http.ResponseWriter, r *http.Request, known ...string) bool {
	for p := range r.URL.Query() {
		ok := false
		for _, k := range known {
			ok = ok || p == k
		}
		if !ok {
			text(w, http.StatusBadRequest, "query parameter %q is not supported on %s %s (%s)", p, r.Method, r.URL.Path, served)
			return false
		}
	}
	return true
}

// uintParam parses the query parameter name; absent is 0.
func uintParam(r *http.Request, name string) (uint64, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, true
	}
	n, err := strconv.ParseUint(v, 10, 64)
	return n, err == nil
}

// readBody reads r's body up to MaxBodyBytes; false (413 answered) when it
// is longer.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	data, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	switch {
	case err != nil:
		text(w, http.StatusBadRequest, "reading the request body: %v", err)
		return nil, false
	case len(data) > MaxBodyBytes:
		size := r.ContentLength
		if size < int64(len(data)) {
			size = int64(len(data)) // chunked: at least this much
		}
		text(w, http.StatusRequestEntityTooLarge,
			"Request body(%d bytes) too large, max size: %d bytes. See https://www.consul.io/docs/agent/config/config-files#kv_max_value_size.", size, MaxBodyBytes)
		return nil, false
	}
	return data, true
}

// queryMeta sets the headers of a read answer.
func queryMeta(w http.ResponseWriter, index uint64) {
	h := w.Header()
	h.Set("X-Consul-Index", strconv.FormatUint(index, 10))
	h.Set("X-Consul-KnownLeader", "true")
	h.Set("X-Consul-LastContact", "0")
}

// writeJSON answers status with v as compact JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		text(w, http.StatusInternalServerError, "encoding the answer: %v", err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// writeBool answers a write: Consul's "true" or "false".
func writeBool(w http.ResponseWriter, ok bool) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, strconv.FormatBool(ok))
}

// text answers status with a plain-text message.
func text(w http.ResponseWriter, status int, format string, args ...any) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, format, args...)
}

// backendError answers a failed backend call as Consul would: an unknown
// session is a 500 whose body says "invalid session" (what consulkv.Consul
// maps to ErrSessionInvalid), a value over the limit 413, a request whose
// client went away 503; anything else, such as a fault a Memory interceptor
// injected, is a 500 carrying the error.
func backendError(w http.ResponseWriter, r *http.Request, session string, err error) {
	switch {
	case errors.Is(err, consulkv.ErrSessionInvalid):
		text(w, http.StatusInternalServerError, "invalid session %q", session)
	case errors.Is(err, api.ErrTooLarge):
		text(w, http.StatusRequestEntityTooLarge, "%v", err)
	case r.Context().Err() != nil:
		text(w, http.StatusServiceUnavailable, "request ended: %v", err)
	default:
		text(w, http.StatusInternalServerError, "%v", err)
	}
}
