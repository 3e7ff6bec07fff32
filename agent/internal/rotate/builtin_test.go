package rotate_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/rotate"
)

// namedBackends starts n test servers answering their own index.
func namedBackends(t *testing.T, n int) map[int]string {
	t.Helper()
	addrs := map[int]string{}
	for i := range n {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, i)
		}))
		t.Cleanup(srv.Close)
		addrs[i] = srv.Listener.Addr().String()
	}
	return addrs
}

// newProxy starts a builtin proxy whose long-lived cap equals its drain
// timeout.
func newProxy(t *testing.T, backends map[int]string, drain time.Duration) *rotate.Builtin {
	t.Helper()
	return newProxyCaps(t, backends, drain, drain, nil)
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRoundRobinSkipsDrained(t *testing.T) {
	p := newProxy(t, namedBackends(t, 3), time.Second)
	if err := p.Drain(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(p.Serving()); got != "[0 2]" {
		t.Fatalf("serving = %s", got)
	}
	counts := map[string]int{}
	for range 30 {
		_, body := get(t, "http://"+p.Addr()+"/")
		counts[body]++
	}
	if counts["0"] != 15 || counts["2"] != 15 || counts["1"] != 0 {
		t.Fatalf("counts = %v", counts)
	}
	if err := p.Enable(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	counts = map[string]int{}
	for range 30 {
		_, body := get(t, "http://"+p.Addr()+"/")
		counts[body]++
	}
	if counts["0"] != 10 || counts["1"] != 10 || counts["2"] != 10 {
		t.Fatalf("counts after enable = %v", counts)
	}
}

// blockingBackend answers "slow" only once release is closed.
func blockingBackend(t *testing.T, entered chan<- struct{}, release <-chan struct{}) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		entered <- struct{}{}
		<-release
		fmt.Fprint(w, "slow")
	}))
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

func TestDrainWaitsForInFlight(t *testing.T) {
	entered, release := make(chan struct{}, 1), make(chan struct{})
	backends := namedBackends(t, 2)
	backends[0] = blockingBackend(t, entered, release)
	p := newProxy(t, backends, 10*time.Second)
	slow := make(chan string, 1)
	go func() { _, b := get(t, "http://"+p.Addr()+"/"); slow <- b }()
	<-entered
	drained := make(chan error, 1)
	go func() { drained <- p.Drain(context.Background(), 0) }()
	for range 5 { // new requests avoid the draining backend while it waits
		if _, body := get(t, "http://"+p.Addr()+"/"); body != "1" {
			t.Fatalf("request routed to %q during drain", body)
		}
	}
	select {
	case err := <-drained:
		t.Fatalf("drain returned with a request in flight: %v", err)
	default:
	}
	if n, _ := p.InFlight(0); n != 1 {
		t.Fatalf("in flight = %d", n)
	}
	close(release)
	if err := <-drained; err != nil {
		t.Fatalf("drain: %v", err)
	}
	if b := <-slow; b != "slow" {
		t.Fatalf("in-flight request got %q", b)
	}
}

func TestDrainTimeout(t *testing.T) {
	entered, release := make(chan struct{}, 1), make(chan struct{})
	p := newProxy(t, map[int]string{0: blockingBackend(t, entered, release)}, 50*time.Millisecond)
	done := make(chan struct{})
	go func() { defer close(done); get(t, "http://"+p.Addr()+"/") }()
	<-entered
	err := p.Drain(context.Background(), 0)
	if !errors.Is(err, rotate.ErrDrainTimeout) {
		t.Fatalf("drain err = %v, want ErrDrainTimeout", err)
	}
	for _, want := range []string{"drain backend 0: 1 request and 0 long-lived connections still in flight", "drain timeout 50ms passed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("drain err = %q, want it to say %q", err, want)
		}
	}
	if got := fmt.Sprint(p.Serving()); got != "[]" {
		t.Errorf("serving after drain timeout = %s, want the backend left out", got)
	}
	close(release)
	<-done
}

func TestRetryIdempotentOnDeadBackend(t *testing.T) {
	backends := namedBackends(t, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	backends[1] = ln.Addr().String()
	ln.Close() // nothing listens there now: connection refused
	p := newProxy(t, backends, time.Second)
	for range 6 {
		if code, body := get(t, "http://"+p.Addr()+"/"); code != 200 || body != "0" {
			t.Fatalf("GET = %d %q", code, body)
		}
	}
	codes := map[int]int{}
	for range 4 {
		resp, err := http.Post("http://"+p.Addr()+"/", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes[resp.StatusCode]++
	}
	if codes[http.StatusBadGateway] != 2 || codes[200] != 2 {
		t.Fatalf("POST codes = %v (POST must not be retried)", codes)
	}
}

func TestNoBackendInRotation(t *testing.T) {
	p := newProxy(t, namedBackends(t, 1), time.Second)
	if err := p.Drain(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, "http://"+p.Addr()+"/"); code != http.StatusServiceUnavailable {
		t.Fatalf("code = %d", code)
	}
	if err := p.Drain(context.Background(), 7); !errors.Is(err, rotate.ErrUnknownBackend) {
		t.Fatalf("unknown index err = %v", err)
	}
}

func TestUpgradePassThrough(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echoUpgrade))
	t.Cleanup(srv.Close)
	p := newProxy(t, map[int]string{0: srv.Listener.Addr().String()}, time.Second)
	conn, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprint(conn, "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade response = %v, %v", resp, err)
	}
	fmt.Fprint(conn, "hello\n")
	line, err := br.ReadString('\n')
	if err != nil || line != "echo: hello\n" {
		t.Fatalf("echo = %q, %v", line, err)
	}
	if n, _ := p.InFlight(0); n != 1 {
		t.Fatalf("upgraded connection in flight = %d, want 1", n)
	}
	if n, _ := p.LongLived(0); n != 1 {
		t.Fatalf("upgraded connection counted long-lived = %d, want 1", n)
	}
	conn.Close()
	waitInFlight(t, p, 0, 0)
	if n, _ := p.LongLived(0); n != 0 {
		t.Fatalf("long-lived after close = %d, want 0", n)
	}
}

// echoUpgrade switches to a line echo protocol until the client closes.
func echoUpgrade(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Upgrade") != "echo" {
		http.Error(w, "want upgrade", http.StatusBadRequest)
		return
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprint(brw, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
	_ = brw.Flush()
	for {
		line, err := brw.ReadString('\n')
		if err != nil {
			return
		}
		fmt.Fprint(brw, "echo: "+line)
		_ = brw.Flush()
	}
}
