package balancer

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// testHost is a simaws.Host that serves every instance with an httptest
// server answering its own id, and reports health from a switch.
type testHost struct {
	mu      sync.Mutex
	servers map[string]*httptest.Server
	addrs   map[string]string // kept after kill, so the address refuses
	down    map[string]bool   // reported unhealthy
	held    chan string       // ids of held requests as they arrive
	release chan struct{}     // closing it lets held requests answer
	closing sync.WaitGroup
}

func newTestHost() *testHost {
	return &testHost{
		servers: map[string]*httptest.Server{},
		addrs:   map[string]string{},
		down:    map[string]bool{},
		held:    make(chan string, 16),
		release: make(chan struct{}),
	}
}

// Start serves id. Requests with header X-Hold wait for release; the
// path /fail answers 500.
func (h *testHost) Start(id, _ string) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Hold") != "" {
			h.held <- id
			<-h.release
		}
		w.Header().Set("X-Instance", id)
		if r.URL.Path == "/fail" {
			w.WriteHeader(http.StatusInternalServerError)
		}
		_, _ = w.Write([]byte(id))
	}))
	h.mu.Lock()
	defer h.mu.Unlock()
	h.servers[id] = srv
	h.addrs[id] = strings.TrimPrefix(srv.URL, "http://")
}

func (h *testHost) Healthy(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.servers[id] != nil && !h.down[id]
}

// Stop closes id's server in the background: the cloud calls it with its
// lock held, and Close waits for requests in flight.
func (h *testHost) Stop(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	srv := h.servers[id]
	delete(h.servers, id)
	delete(h.addrs, id)
	if srv != nil {
		h.closing.Add(1)
		go func() { defer h.closing.Done(); srv.Close() }()
	}
}

func (h *testHost) addr(id string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a, ok := h.addrs[id]
	return a, ok
}

func (h *testHost) setDown(id string, down bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.down[id] = down
}

// kill closes id's server behind the cloud's back: it keeps its address
// and its health, so connections to it are refused.
func (h *testHost) kill(id string) {
	h.mu.Lock()
	srv := h.servers[id]
	h.mu.Unlock()
	srv.Close()
}

func (h *testHost) close() {
	h.mu.Lock()
	for _, srv := range h.servers {
		srv.Close()
	}
	h.mu.Unlock()
	h.closing.Wait()
}
