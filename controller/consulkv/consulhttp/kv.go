package consulhttp

import (
	"net/http"
	"strings"
	"time"

	"github.com/asgctl/asgctl/controller/consulkv"
)

// kvPair is Consul's KVPair on the wire: Value is base64 (null when
// empty), Session is left out when the key is free.
type kvPair struct {
	LockIndex   uint64
	Key         string
	Flags       uint64
	Value       []byte
	Session     string `json:",omitempty"`
	CreateIndex uint64
	ModifyIndex uint64
}

// pair converts an entry. LockIndex is not counted by the backend: it is 1
// while a session holds the key.
func pair(e consulkv.Entry) kvPair {
	p := kvPair{
		Key: e.Key, Value: e.Value, Session: e.Session,
		CreateIndex: e.CreateIndex, ModifyIndex: e.ModifyIndex,
	}
	if len(p.Value) == 0 {
		p.Value = nil
	}
	if p.Session != "" {
		p.LockIndex = 1
	}
	return p
}

// kv serves /v1/kv/<key>.
func (s *server) kv(w http.ResponseWriter, r *http.Request, key string) {
	switch r.Method {
	case http.MethodGet:
		s.kvGet(w, r, key)
	case http.MethodPut:
		s.kvPut(w, r, key)
	case http.MethodDelete:
		s.kvDelete(w, r, key)
	default:
		allow(w, r, http.MethodGet, http.MethodPut, http.MethodDelete)
	}
}

// kvGet is a read of one key or, with ?recurse, of a prefix; blocking with
// ?index.
func (s *server) kvGet(w http.ResponseWriter, r *http.Request, key string) {
	if !checkParams(w, r, "recurse", "index", "wait", "consistent", "stale") {
		return
	}
	q, ok := readQuery(w, r)
	if !ok {
		return
	}
	if r.URL.Query().Has("recurse") {
		entries, index, err := s.b.List(r.Context(), key, q)
		if err != nil {
			backendError(w, r, "", err)
			return
		}
		queryMeta(w, index)
		if len(entries) == 0 {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		out := make([]kvPair, 0, len(entries))
		for _, e := range entries {
			out = append(out, pair(e))
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	if !validKey(w, key) {
		return
	}
	e, index, err := s.b.Get(r.Context(), key, q)
	if err != nil {
		backendError(w, r, "", err)
		return
	}
	queryMeta(w, index)
	if e == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, []kvPair{pair(*e)})
}

// readQuery parses a read's ?index, ?wait, ?consistent and ?stale. The
// backend applies the wait time's default and cap.
func readQuery(w http.ResponseWriter, r *http.Request) (*consulkv.QueryOptions, bool) {
	index, ok := uintParam(r, "index")
	if !ok {
		text(w, http.StatusBadRequest, "Invalid index")
		return nil, false
	}
	var wait time.Duration
	if v := r.URL.Query().Get("wait"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			text(w, http.StatusBadRequest, "Invalid wait time")
			return nil, false
		}
		wait = d
	}
	q := r.URL.Query()
	return &consulkv.QueryOptions{
		WaitIndex: index, WaitTime: wait,
		Consistent: q.Has("consistent"), Stale: q.Has("stale"),
	}, true
}

// kvPut is a plain write, a check-and-set (?cas=) or an acquire
// (?acquire=).
func (s *server) kvPut(w http.ResponseWriter, r *http.Request, key string) {
	if !checkParams(w, r, "cas", "acquire", "flags") || !validKey(w, key) {
		return
	}
	q := r.URL.Query()
	if flags, ok := uintParam(r, "flags"); !ok || flags != 0 {
		text(w, http.StatusBadRequest, "Invalid flags %q: the asgctl Consul facade stores no flags (only 0)", q.Get("flags"))
		return
	}
	if q.Has("cas") && q.Has("acquire") {
		text(w, http.StatusBadRequest, "Conflicting flags: cas and acquire")
		return
	}
	value, ok := readBody(w, r)
	if !ok {
		return
	}
	switch {
	case q.Has("cas"):
		index, ok := uintParam(r, "cas")
		if !ok {
			text(w, http.StatusBadRequest, "Invalid cas index %q", q.Get("cas"))
			return
		}
		done, err := s.b.CAS(r.Context(), key, value, index)
		if err != nil {
			backendError(w, r, "", err)
			return
		}
		writeBool(w, done)
	case q.Has("acquire"):
		session := q.Get("acquire")
		if session == "" {
			text(w, http.StatusBadRequest, "Missing session in ?acquire=")
			return
		}
		done, err := s.b.Acquire(r.Context(), key, value, session)
		if err != nil {
			backendError(w, r, session, err)
			return
		}
		writeBool(w, done)
	default:
		if err := s.b.Put(r.Context(), key, value); err != nil {
			backendError(w, r, "", err)
			return
		}
		writeBool(w, true)
	}
}

// kvDelete removes one key; an absent key is no error.
func (s *server) kvDelete(w http.ResponseWriter, r *http.Request, key string) {
	if !checkParams(w, r) || !validKey(w, key) {
		return
	}
	if err := s.b.Delete(r.Context(), key); err != nil {
		backendError(w, r, "", err)
		return
	}
	writeBool(w, true)
}

// validKey answers 400 for a key Consul cannot take.
func validKey(w http.ResponseWriter, key string) bool {
	switch {
	case key == "":
		text(w, http.StatusBadRequest, "Missing key name")
		return false
	case strings.HasPrefix(key, "/"):
		text(w, http.StatusBadRequest, "Invalid key %q: must not begin with '/'", key)
		return false
	}
	return true
}
