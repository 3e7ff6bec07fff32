package consulhttp_test

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consulhttp"
)

// safetyTimeout only turns a hang into a failure: nothing waited on with
// it is expected to take more than a moment.
const safetyTimeout = 10 * time.Second

// facade is a Memory on the wall clock served by the facade, and the real
// Consul client pointed at it.
type facade struct {
	m      *consulkv.Memory
	c      *consulkv.Consul
	addr   string
	stop   func()
	client *http.Client
}

// start serves a fresh Memory on clock.Real for t.
func start(t *testing.T) *facade {
	t.Helper()
	m := consulkv.NewMemory(clock.Real{})
	addr, stop, err := consulhttp.Serve(context.Background(), "", m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	c, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: addr})
	if err != nil {
		t.Fatal(err)
	}
	return &facade{m: m, c: c, addr: addr, stop: stop, client: &http.Client{Timeout: safetyTimeout}}
}

// response is one raw HTTP answer.
type response struct {
	code   int
	header http.Header
	body   string
}

// do makes one raw request to the facade.
func (f *facade) do(t *testing.T, method, path, body string) response {
	t.Helper()
	return do(t, f.client, f.addr, method, path, body)
}

// do makes one raw request to addr.
func do(t *testing.T, client *http.Client, addr, method, path, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://"+addr+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return response{code: resp.StatusCode, header: resp.Header, body: string(data)}
}

// waitParked waits until n blocking queries are parked on m, failing if
// done fires first.
func waitParked[T any](t *testing.T, m *consulkv.Memory, n int, done <-chan T) {
	t.Helper()
	deadline := time.NewTimer(safetyTimeout)
	defer deadline.Stop()
	for m.Waiting() < n {
		select {
		case v := <-done:
			t.Fatalf("blocking call returned before parking: %+v", v)
		case <-deadline.C:
			t.Fatalf("%d blocking queries parked, want %d", m.Waiting(), n)
		default:
		}
		runtime.Gosched()
	}
}

// recv returns the next value from ch within safetyTimeout.
func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	timer := time.NewTimer(safetyTimeout)
	defer timer.Stop()
	select {
	case v := <-ch:
		return v
	case <-timer.C:
		t.Fatalf("nothing arrived within %s", safetyTimeout)
		panic("unreachable")
	}
}

// getResult is what a backgrounded Get returned.
type getResult struct {
	e     *consulkv.Entry
	index uint64
	err   error
	took  time.Duration
}

// goGet runs kv.Get in the background.
func goGet(ctx context.Context, kv consulkv.KV, key string, q *consulkv.QueryOptions) <-chan getResult {
	ch := make(chan getResult, 1)
	go func() {
		t0 := time.Now()
		e, idx, err := kv.Get(ctx, key, q)
		ch <- getResult{e: e, index: idx, err: err, took: time.Since(t0)}
	}()
	return ch
}
