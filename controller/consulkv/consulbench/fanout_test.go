package consulbench_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consulbench"
	"github.com/asgctl/asgctl/controller/consulkv/consultest"
	"github.com/asgctl/asgctl/internal/benchstat"
)

// connLimit is consultest's limits.http_max_conns_per_client.
const connLimit = 1000

const reproduce = "ASGCTL_BENCH=1 CI=true go test -count=1 -v -run TestBenchConsulFanout ./controller/consulkv/consulbench/"

// TestFanoutOnMemory checks the measurement itself on the in-memory
// backend: every watcher sees every write, once.
func TestFanoutOnMemory(t *testing.T) {
	mem := consulkv.NewMemory(clock.Real{})
	res, err := consulbench.Fanout(context.Background(), consulbench.Config{Key: api.KeyDeploy("web"), Watchers: 20, Writes: 3,
		Writer: mem, WatcherKV: func(int) (consulkv.KV, error) { return mem, nil }, Gap: 150 * time.Millisecond, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Notified() || len(res.Writes) != 3 || res.WatchErrors != 0 {
		t.Fatalf("result %+v", res)
	}
	for _, w := range res.Writes {
		for _, l := range w.Latencies {
			if l < 0 || l > 5*time.Second {
				t.Fatalf("latency %s", l)
			}
		}
	}
	if _, err := consulbench.Fanout(context.Background(), consulbench.Config{Key: "k", Watchers: 0, Writes: 1, Writer: mem,
		WatcherKV: func(int) (consulkv.KV, error) { return mem, nil }}); err == nil {
		t.Fatal("0 watchers accepted")
	}
}

// TestBenchConsulFanout (benchmark 6 of BENCHMARKS.md) runs watchers of
// deploys/web on a real Consul dev agent (consultest: limits
// http_max_conns_per_client = 1000), each a consulkv.WatchKey loop with
// the agent's options on its own consulkv.Consul client (its own
// keep-alive connection, as on separate instances, though all from
// 127.0.0.1), and times 10 writes. The only assertion is that every
// watcher saw every write in the runs whose watchers all fit under the
// connection limit.
func TestBenchConsulFanout(t *testing.T) {
	if os.Getenv("ASGCTL_BENCH") != "1" {
		t.Skip("benchmark: set ASGCTL_BENCH=1 to run it")
	}
	sizes := []int{100, 500, 1000}
	if v := os.Getenv("ASGCTL_BENCH_WATCHERS"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 || n > consulbench.MaxWatchers {
				t.Fatalf("ASGCTL_BENCH_WATCHERS=%q: want sizes 1-%d, comma-separated", v, consulbench.MaxWatchers)
			}
			sizes = append(sizes, n)
		}
	}
	writes := 10
	var b strings.Builder
	b.WriteString("| watchers | armed | failed watch calls | writes | Put p50 | delivery p50 | delivery p99 | last watcher p50 | last watcher max | every watcher saw every write |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, n := range sizes {
		// A fresh agent per size, so no connection of the previous size
		// counts against the limit.
		res := runFanout(t, consultest.Start(t).Addr, n, writes)
		var all, last, put []time.Duration
		for _, w := range res.Writes {
			all = append(all, w.Latencies...)
			put = append(put, w.PutTook)
			if len(w.Latencies) > 0 {
				last = append(last, slices.Max(w.Latencies))
			}
		}
		slices.Sort(all)
		slices.Sort(last)
		slices.Sort(put)
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %s | %s | %s | %s | %s | %v |\n", n, res.Armed, res.WatchErrors, len(res.Writes),
			benchstat.Ms(benchstat.Percentile(put, 50)), benchstat.Ms(benchstat.Percentile(all, 50)), benchstat.Ms(benchstat.Percentile(all, 99)), benchstat.Ms(benchstat.Percentile(last, 50)), benchstat.Ms(benchstat.Percentile(last, 100)), res.Notified())
		t.Logf("%d watchers: armed %d in %s, %d failed watch calls, first: %v", n, res.Armed, res.ArmTook.Round(time.Millisecond),
			res.WatchErrors, res.FirstErrors)
		// One connection per watcher must fit under the agent's
		// per-client limit (the writer connects from 127.0.0.2); beyond it
		// Consul answers 429 by design.
		if n <= connLimit && !res.Notified() {
			t.Errorf("%d watchers: not every watcher saw every write (armed %d; writes %+v)", n, res.Armed, missed(res))
		}
	}
	fmt.Printf("\n### Consul fan-out: watchers of one deploys/<svc> key on a Consul dev agent (consulkv.WatchKey with the agent's options, one consulkv.Consul client and connection per watcher, all from 127.0.0.1; "+
		"http_max_conns_per_client = %d; the writer PUTs from 127.0.0.2, as the controller would from another host), %d writes 1 s apart, a fresh agent per row\n\n"+
		"Latency = start of the writer's PUT → the watcher's WatchKey callback.\n\n%s\nReproduce: `%s`\n\n", connLimit, writes, b.String(), reproduce)
}

func runFanout(t *testing.T, addr string, n, writes int) consulbench.Result {
	t.Helper()
	// consultest's readiness checks go through http.DefaultTransport and
	// leave a keep-alive connection from 127.0.0.1 that would count
	// against the watchers' limit.
	http.DefaultClient.CloseIdleConnections()
	writer := newRemoteWriter(addr)
	defer writer.close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := consulbench.Fanout(ctx, consulbench.Config{Key: api.KeyDeploy("web"), Watchers: n, Writes: writes, Writer: writer,
		WatcherKV: func(int) (consulkv.KV, error) { return consulkv.NewConsul(consulkv.ConsulConfig{Address: addr}) },
		Arm:       30 * time.Second, Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func missed(r consulbench.Result) []int {
	var m []int
	for _, w := range r.Writes {
		m = append(m, w.Missed)
	}
	return m
}

// remoteWriter PUTs keys over one keep-alive connection from 127.0.0.2,
// so the write does not count against the watchers' per-client limit.
type remoteWriter struct {
	addr string
	tr   *http.Transport
}

func newRemoteWriter(addr string) *remoteWriter {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
	return &remoteWriter{addr: addr, tr: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 1}}
}

func (w *remoteWriter) Put(ctx context.Context, key string, value []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, "http://"+w.addr+"/v1/kv/"+key, bytes.NewReader(value))
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Transport: w.tr, Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "true" {
		return fmt.Errorf("PUT %s: status %d: %s", key, resp.StatusCode, body)
	}
	return nil
}

func (w *remoteWriter) close() { w.tr.CloseIdleConnections() }
