package rotate_test

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/rotate"
)

// echoHeaders answers the request headers it received, and Host, as JSON.
func echoHeaders(w http.ResponseWriter, r *http.Request) {
	h := r.Header.Clone()
	h.Set("Host", r.Host)
	_ = json.NewEncoder(w).Encode(h)
}

// forwarded sends a GET with header through p and returns the headers the
// backend saw.
func forwarded(t *testing.T, p *rotate.Builtin, host string, header http.Header) http.Header {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+p.Addr()+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got http.Header
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decode echoed headers (status %d): %v", resp.StatusCode, err)
	}
	return got
}

func TestForwardingHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echoHeaders))
	t.Cleanup(srv.Close)
	p := newProxy(t, map[int]string{0: srv.Listener.Addr().String()}, time.Second)
	_, port, _ := net.SplitHostPort(p.Addr())
	cases := []struct {
		name string
		in   http.Header
		want map[string]string // "" means absent
	}{{
		name: "from an HTTPS load balancer: kept, peer appended",
		in: http.Header{"X-Forwarded-For": {"203.0.113.7"}, "X-Forwarded-Proto": {"https"},
			"X-Forwarded-Port": {"443"}, "X-Forwarded-Host": {"shop.example.com"},
			"Forwarded": {"for=203.0.113.7;proto=https"}},
		want: map[string]string{"X-Forwarded-For": "203.0.113.7, 127.0.0.1", "X-Forwarded-Proto": "https",
			"X-Forwarded-Port": "443", "X-Forwarded-Host": "shop.example.com",
			"Forwarded": "for=203.0.113.7;proto=https, for=127.0.0.1", "Host": "app.example.com"},
	}, {
		name: "none inbound: set from this hop, no Forwarded made up",
		in:   http.Header{},
		want: map[string]string{"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "http",
			"X-Forwarded-Port": port, "X-Forwarded-Host": "app.example.com", "Forwarded": "",
			"Host": "app.example.com"},
	}, {
		name: "lists over several lines: joined in order",
		in: http.Header{"X-Forwarded-For": {"198.51.100.1", "203.0.113.7, 10.0.0.2"},
			"Forwarded": {"for=198.51.100.1", "for=10.0.0.2"}},
		want: map[string]string{"X-Forwarded-For": "198.51.100.1, 203.0.113.7, 10.0.0.2, 127.0.0.1",
			"Forwarded": "for=198.51.100.1, for=10.0.0.2, for=127.0.0.1", "X-Forwarded-Proto": "http"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := forwarded(t, p, "app.example.com", c.in)
			for k, want := range c.want {
				if v := got.Values(k); len(v) > 1 || got.Get(k) != want {
					t.Errorf("%s = %q, want %q", k, v, want)
				}
			}
		})
	}
}

func TestForwardedForIPv6Peer(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	ln.Close()
	srv := httptest.NewServer(http.HandlerFunc(echoHeaders))
	t.Cleanup(srv.Close)
	p := newProxyAt(t, "[::1]:0", map[int]string{0: srv.Listener.Addr().String()})
	got := forwarded(t, p, "app.example.com", http.Header{"Forwarded": {"for=192.0.2.60;proto=https"}})
	if f := got.Get("Forwarded"); f != `for=192.0.2.60;proto=https, for="[::1]"` {
		t.Errorf("Forwarded = %q, want the IPv6 peer quoted and bracketed", f)
	}
	if x := got.Get("X-Forwarded-For"); x != "::1" {
		t.Errorf("X-Forwarded-For = %q, want ::1", x)
	}
}
