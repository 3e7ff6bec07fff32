package consulhttp_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consulhttp"
)

func TestServeListensOnLoopbackOnly(t *testing.T) {
	t.Parallel()
	m := consulkv.NewMemory(clock.Real{})
	for _, addr := range []string{"0.0.0.0:0", "10.1.2.3:8500", "[::1]:0", "example.com:8500", "nonsense"} {
		if _, _, err := consulhttp.Serve(context.Background(), addr, m); err == nil {
			t.Errorf("Serve(%q) accepted a non-loopback address", addr)
		}
	}
	for _, addr := range []string{"", ":0", "localhost:0", "127.0.0.1:0"} {
		got, stop, err := consulhttp.Serve(context.Background(), addr, m)
		if err != nil {
			t.Fatalf("Serve(%q): %v", addr, err)
		}
		stop()
		if !strings.HasPrefix(got, "127.0.0.1:") {
			t.Errorf("Serve(%q) listens on %s", addr, got)
		}
	}
}

// TestStopEndsBlockingQueries: stop returns at once although a blocking
// query with a 5-minute wait is parked, that query fails, and stop may be
// called again.
func TestStopEndsBlockingQueries(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx := context.Background()
	_, idx, _ := f.c.Get(ctx, "asgctl/k", nil)
	ch := goGet(ctx, f.c, "asgctl/k", &consulkv.QueryOptions{WaitIndex: idx})
	waitParked(t, f.m, 1, ch)
	f.stop()
	if r := recv(t, ch); r.err == nil {
		t.Fatalf("blocking Get after stop = %+v; want an error", r)
	}
	f.stop()
	if _, _, err := f.c.Get(ctx, "asgctl/k", nil); err == nil {
		t.Fatal("the facade still answers after stop")
	}
}

// TestContextStopsServer: the server stops when Serve's context ends.
func TestContextStopsServer(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	addr, stop, err := consulhttp.Serve(ctx, "", consulkv.NewMemory(clock.Real{}))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	cancel()
	deadline := time.Now().Add(safetyTimeout)
	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatal("still listening after the context ended")
		}
		time.Sleep(10 * time.Millisecond) // bounded poll for another goroutine's close
	}
}

// TestClientGoneEndsBlockingQuery: a blocking query whose client hangs up
// stops waiting on the Memory.
func TestClientGoneEndsBlockingQuery(t *testing.T) {
	t.Parallel()
	f := start(t)
	ctx, cancel := context.WithCancel(context.Background())
	_, idx, _ := f.c.Get(ctx, "asgctl/k", nil)
	ch := goGet(ctx, f.c, "asgctl/k", &consulkv.QueryOptions{WaitIndex: idx})
	waitParked(t, f.m, 1, ch)
	cancel()
	if r := recv(t, ch); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", r.err)
	}
	deadline := time.Now().Add(safetyTimeout)
	for f.m.Waiting() != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d queries still parked after their client left", f.m.Waiting())
		}
		time.Sleep(time.Millisecond) // bounded poll: the server notices the hang-up on its own
	}
}

// TestRefusals covers what the facade refuses beyond what Consul refuses,
// and Consul's session-create parsing that a Consul agent cannot show
// through the client.
func TestRefusals(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		method, path, body string
		code               int
		contains           string
	}{
		{"PUT", "/v1/kv/a?release=x", "", http.StatusBadRequest, `query parameter "release" is not supported`},
		{"GET", "/v1/kv/a?keys", "", http.StatusBadRequest, `query parameter "keys"`},
		{"DELETE", "/v1/kv/a?recurse", "", http.StatusBadRequest, `query parameter "recurse"`},
		{"DELETE", "/v1/kv/a?cas=3", "", http.StatusBadRequest, `query parameter "cas"`},
		{"PUT", "/v1/kv/a?flags=7", "x", http.StatusBadRequest, "stores no flags"},
		{"PUT", "/v1/kv/a?cas=1&acquire=s", "x", http.StatusBadRequest, "Conflicting flags"},
		{"PUT", "/v1/kv/a?cas=x", "x", http.StatusBadRequest, "Invalid cas index"},
		{"PUT", "/v1/session/create", `{"Behavior":"delete"}`, http.StatusBadRequest, `behavior "delete" is not supported`},
		{"PUT", "/v1/session/create", `{"Checks":["service:web"]}`, http.StatusBadRequest, `check "service:web" is not supported`},
		{"PUT", "/v1/session/create", `{"LockDelay":"-1s"}`, http.StatusBadRequest, "must not be negative"},
		{"PUT", "/v1/session/create", `{"TTL":"soon"}`, http.StatusBadRequest, "TTL"},
		{"PUT", "/v1/session/create", `{`, http.StatusBadRequest, "Request decode failed"},
		{"GET", "/v1/session/info/x", "", http.StatusNotFound, "serves only"},
		{"GET", "/v1/status/leader", "", http.StatusNotFound, "not a recognized HTTP API endpoint"},
		{"PUT", "/v1/txn", `[{"KV":{"Verb":"set","Key":"a","Value":"eA=="}}]`, http.StatusBadRequest, `KV verb "set" is not supported`},
		{"PUT", "/v1/txn", `[{"Node":{"Verb":"get"}}]`, http.StatusBadRequest, "only KV operations"},
		{"PUT", "/v1/txn", `[{"KV":{"Verb":"unlock","Key":"a"}},{"KV":{"Verb":"check-index","Key":"a"}}]`, http.StatusBadRequest, "at most one unlock"},
		{"PUT", "/v1/txn", `[]`, http.StatusBadRequest, "no operations"},
	}
	for _, tc := range tests {
		r := f.do(t, tc.method, tc.path, tc.body)
		if r.code != tc.code || !strings.Contains(r.body, tc.contains) {
			t.Errorf("%s %s: HTTP %d %q; want %d containing %q", tc.method, tc.path, r.code, r.body, tc.code, tc.contains)
		}
	}
}

// TestSessionCreateParsing: Consul's lock-delay forms (a number below 1000
// is seconds, else nanoseconds; over 60 s is clamped; 15 s by default), as
// renew reports them.
func TestSessionCreateParsing(t *testing.T) {
	t.Parallel()
	f := start(t)
	tests := []struct {
		body, wantDelay string
	}{
		{`{}`, "15000000000"},
		{``, "15000000000"},
		{`{"LockDelay":15}`, "15000000000"},
		{`{"LockDelay":2000000000}`, "2000000000"},
		{`{"LockDelay":"61s"}`, "60000000000"},
		{`{"LockDelay":"0ms","Name":"n","TTL":"10s"}`, "0"},
	}
	for _, tc := range tests {
		r := f.do(t, "PUT", "/v1/session/create", tc.body)
		id := strings.Split(r.body, `"`)
		if r.code != http.StatusOK || len(id) < 4 {
			t.Fatalf("create %s: HTTP %d %s", tc.body, r.code, r.body)
		}
		renew := f.do(t, "PUT", "/v1/session/renew/"+id[3], "")
		if renew.code != http.StatusOK || !strings.Contains(renew.body, `"LockDelay":`+tc.wantDelay+`,`) {
			t.Errorf("create %s: renew says %s; want LockDelay %s", tc.body, renew.body, tc.wantDelay)
		}
	}
}
