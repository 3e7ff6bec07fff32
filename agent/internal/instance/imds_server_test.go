package instance

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const (
	tokenPath   = "/latest/api/token"
	ttlHeader   = "X-Aws-Ec2-Metadata-Token-Ttl-Seconds"
	tokenHeader = "X-Aws-Ec2-Metadata-Token"
	metaPrefix  = "/latest/meta-data/"
	docPath     = "/latest/dynamic/instance-identity/document"
	testToken   = "test-token-v2"
)

// fakeIMDS is a tiny IMDSv2: a token from PUT /latest/api/token (with the
// TTL header) is required on every GET, which otherwise gets 401. Paths
// not in meta get 404, as does the identity document when region is "".
type fakeIMDS struct {
	meta   map[string]string // path under meta-data/ -> value
	region string

	mu           sync.Mutex
	requests     int
	tokens       int
	unauthorized int
}

// newIMDS serves f on 127.0.0.1 for the test's lifetime.
func newIMDS(t *testing.T, f *fakeIMDS) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv
}

// ServeHTTP implements the IMDSv2 subset the agent uses.
func (f *fakeIMDS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if r.URL.Path == tokenPath {
		f.serveToken(w, r)
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.Header.Get(tokenHeader) != testToken {
		f.unauthorized++
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	f.serveGet(w, r.URL.Path)
}

// serveToken hands out the token to a PUT with a TTL header.
func (f *fakeIMDS) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPut {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ttl := r.Header.Get(ttlHeader)
	if ttl == "" {
		http.Error(w, "missing TTL header", http.StatusBadRequest)
		return
	}
	f.tokens++
	w.Header().Set(ttlHeader, ttl)
	_, _ = w.Write([]byte(testToken))
}

// serveGet answers an authorized GET.
func (f *fakeIMDS) serveGet(w http.ResponseWriter, path string) {
	if path == docPath && f.region != "" {
		_ = json.NewEncoder(w).Encode(map[string]string{"region": f.region, "instanceId": f.meta["instance-id"]})
		return
	}
	if v, ok := f.meta[strings.TrimPrefix(path, metaPrefix)]; ok && strings.HasPrefix(path, metaPrefix) {
		_, _ = w.Write([]byte(v))
		return
	}
	http.NotFound(w, nil)
}

// counts returns the requests, token PUTs and 401s seen so far.
func (f *fakeIMDS) counts() (requests, tokens, unauthorized int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests, f.tokens, f.unauthorized
}

// closedEndpoint returns an http://127.0.0.1:PORT nobody listens on.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

// cleanEnv clears the variables that would change the SDK's or Identify's
// behaviour, for the test's lifetime.
func cleanEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{regionEnv, endpointEnv, "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_V1_DISABLED"} {
		t.Setenv(k, "")
	}
}

func TestFakeIMDSRejectsGetWithoutToken(t *testing.T) {
	srv := newIMDS(t, &fakeIMDS{meta: map[string]string{"instance-id": "i-1"}})
	resp, err := http.Get(srv.URL + metaPrefix + "instance-id")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET without token: status %d, want 401", resp.StatusCode)
	}
}
