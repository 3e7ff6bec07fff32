package consulhttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// Session defaults and rules, as Consul's: lock-delay is 15 s when not
// given, a number below lockDelaySecondsBelow is seconds (else
// nanoseconds), and a lock-delay above consulkv.MaxLockDelay is clamped.
const (
	defaultLockDelay      = 15 * time.Second
	lockDelaySecondsBelow = 1000
	behaviorRelease       = "release"
	serfHealth            = "serfHealth"
	// nodeName is the node every session is on.
	nodeName = "asgctl-consul-facade"
)

// sessionEntry is Consul's SessionEntry on the wire (LockDelay in
// nanoseconds, TTL as given).
type sessionEntry struct {
	ID            string
	Name          string
	Node          string
	LockDelay     time.Duration
	Behavior      string
	TTL           string
	NodeChecks    []string
	ServiceChecks []json.RawMessage
	CreateIndex   uint64
	ModifyIndex   uint64
}

// createRequest is the body of /v1/session/create.
type createRequest struct {
	Name          string
	Node          string
	Behavior      string
	LockDelay     json.RawMessage
	TTL           string
	Checks        []string
	NodeChecks    []string
	ServiceChecks []json.RawMessage
}

// createSession serves PUT /v1/session/create.
func (s *server) createSession(w http.ResponseWriter, r *http.Request) {
	if !checkParams(w, r) {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var req createRequest
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			text(w, http.StatusBadRequest, "Request decode failed: %v", err)
			return
		}
	}
	entry, ttl, ok := sessionFromRequest(w, req)
	if !ok {
		return
	}
	id, err := s.b.CreateSession(r.Context(), req.Name, ttl, entry.LockDelay)
	if err != nil {
		backendError(w, r, "", err)
		return
	}
	entry.ID = id
	s.mu.Lock()
	s.sessions[id] = entry
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, struct{ ID string }{id})
}

// sessionFromRequest validates a create request as Consul does and returns
// the session's entry (without its id) and TTL; false once it answered.
func sessionFromRequest(w http.ResponseWriter, req createRequest) (sessionEntry, time.Duration, bool) {
	e := sessionEntry{Name: req.Name, Node: nodeName, Behavior: req.Behavior, TTL: req.TTL}
	if e.Behavior == "" {
		e.Behavior = behaviorRelease
	}
	if e.Behavior != behaviorRelease {
		text(w, http.StatusBadRequest, "session behavior %q is not supported by the asgctl Consul facade (only %q)", req.Behavior, behaviorRelease)
		return e, 0, false
	}
	for _, c := range append(append([]string(nil), req.Checks...), req.NodeChecks...) {
		if c != serfHealth {
			text(w, http.StatusBadRequest, "session check %q is not supported by the asgctl Consul facade (only %q)", c, serfHealth)
			return e, 0, false
		}
	}
	if len(req.ServiceChecks) > 0 {
		text(w, http.StatusBadRequest, "session service checks are not supported by the asgctl Consul facade")
		return e, 0, false
	}
	e.NodeChecks = []string{serfHealth}
	delay, err := lockDelay(req.LockDelay)
	if err != nil {
		text(w, http.StatusBadRequest, "Request decode failed: LockDelay: %v", err)
		return e, 0, false
	}
	e.LockDelay = delay
	var ttl time.Duration
	if req.TTL != "" {
		if ttl, err = time.ParseDuration(req.TTL); err != nil {
			text(w, http.StatusBadRequest, "Request decode failed: TTL: %v", err)
			return e, 0, false
		}
	}
	if ttl != 0 && (ttl < consulkv.SessionTTLMin || ttl > consulkv.SessionTTLMax) {
		// Consul's own status and message for this.
		text(w, http.StatusInternalServerError, "Invalid Session TTL '%d', must be between [%v=%v]", ttl, consulkv.SessionTTLMin, consulkv.SessionTTLMax)
		return e, 0, false
	}
	return e, ttl, true
}

// lockDelay parses a LockDelay as Consul does: absent is the default, a
// string is a Go duration, a number below 1000 is seconds and any other
// number nanoseconds; above the maximum is clamped, below zero an error.
func lockDelay(raw json.RawMessage) (time.Duration, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return defaultLockDelay, nil
	}
	var d time.Duration
	var str string
	if err := json.Unmarshal(raw, &str); err == nil {
		if d, err = time.ParseDuration(str); err != nil {
			return 0, err
		}
	} else {
		var n int64
		if err := json.Unmarshal(raw, &n); err != nil {
			return 0, errors.New("must be a duration string or a number")
		}
		d = time.Duration(n)
		if n < lockDelaySecondsBelow {
			d = time.Duration(n) * time.Second
		}
	}
	if d < 0 {
		return 0, errors.New("must not be negative")
	}
	return min(d, consulkv.MaxLockDelay), nil
}

// renewSession serves PUT /v1/session/renew/<id>: the session's entry, or
// 404 when it is gone.
func (s *server) renewSession(w http.ResponseWriter, r *http.Request, id string) {
	if !checkParams(w, r) {
		return
	}
	err := s.b.RenewSession(r.Context(), id)
	switch {
	case errors.Is(err, consulkv.ErrSessionInvalid):
		s.forget(id)
		text(w, http.StatusNotFound, "Session id '%s' not found", id)
		return
	case err != nil:
		backendError(w, r, id, err)
		return
	}
	s.mu.Lock()
	entry, ok := s.sessions[id]
	s.mu.Unlock()
	if !ok {
		// Made on the backend directly, not through the facade.
		entry = sessionEntry{ID: id, Node: nodeName, Behavior: behaviorRelease, NodeChecks: []string{serfHealth}}
	}
	writeJSON(w, http.StatusOK, []sessionEntry{entry})
}

// destroySession serves PUT /v1/session/destroy/<id>; an unknown session
// is no error.
func (s *server) destroySession(w http.ResponseWriter, r *http.Request, id string) {
	if !checkParams(w, r) {
		return
	}
	if err := s.b.DestroySession(r.Context(), id); err != nil {
		backendError(w, r, id, err)
		return
	}
	s.forget(id)
	writeBool(w, true)
}

// forget drops what the facade remembers of session id.
func (s *server) forget(id string) {
	s.mu.Lock()
	delete(s.sessions, id)
	s.mu.Unlock()
}
