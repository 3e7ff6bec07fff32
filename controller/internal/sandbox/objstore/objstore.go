// Package objstore is the sandbox's stand-in for S3: an in-memory object
// store that the sandbox fills directly (Put) and that asgctl-agent
// processes read over HTTP with the real SDK's GetObject, path-style
// (AWS_ENDPOINT_URL_S3 pointing at it). It serves GET and HEAD of
// /BUCKET/KEY on loopback, answers a missing object like S3 (404
// NoSuchKey), and ignores request signatures. It imports only the
// standard library.
package objstore

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Store holds objects by bucket and key. Safe for concurrent use.
type Store struct {
	mu      sync.Mutex
	objects map[string]object // "bucket/key"
}

type object struct {
	data     []byte
	etag     string
	modified time.Time
}

// New returns an empty store.
func New() *Store { return &Store{objects: map[string]object{}} }

// Put stores data at bucket/key, replacing what was there.
func (s *Store) Put(bucket, key string, data []byte, now time.Time) {
	sum := md5.Sum(data)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[bucket+"/"+key] = object{data: append([]byte(nil), data...),
		etag: `"` + hex.EncodeToString(sum[:]) + `"`, modified: now.UTC()}
}

// ServeHTTP answers GET and HEAD /BUCKET/KEY.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s3Error(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "the sandbox object store serves GET and HEAD only", r.URL.Path)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/")
	if !strings.Contains(path, "/") {
		s3Error(w, http.StatusBadRequest, "InvalidRequest", "want /BUCKET/KEY (path-style addressing)", r.URL.Path)
		return
	}
	s.mu.Lock()
	o, ok := s.objects[path]
	s.mu.Unlock()
	if !ok {
		s3Error(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.", r.URL.Path)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.Itoa(len(o.data)))
	h.Set("ETag", o.etag)
	h.Set("Last-Modified", o.modified.Format(http.TimeFormat))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(o.data)
	}
}

// s3Error writes an S3-style XML error, which the SDK turns into a typed
// error with the code.
func s3Error(w http.ResponseWriter, status int, code, msg, resource string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><Resource>%s</Resource><RequestId>sandbox</RequestId></Error>`,
		code, msg, resource)
}

// Serve listens on a free 127.0.0.1 port and serves s until stop is
// called; it returns the endpoint URL ("http://127.0.0.1:PORT").
func Serve(s *Store) (endpoint string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("object store: listen: %w", err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}
