package rotate_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/agent/testapp/testappbin"
	"github.com/asgctl/asgctl/internal/loadgen"
)

const (
	nProcs   = 4
	loadRate = 300
	// The load runs for at least this many requests (5 s at loadRate),
	// with restarts spread over it.
	minRequests    = 1500
	warmupRequests = 150 // steady load before the first restart
	gapRequests    = 120 // between restarts
	stopTimeout    = 10 * time.Second
)

type fleet struct {
	t     *testing.T
	bin   string
	ports map[int]int
	procs map[int]*proc.Process
	exec  *proc.Exec
}

func (f *fleet) start(index int, release string, extra ...string) {
	f.t.Helper()
	cmd := append([]string{f.bin, "--port", strconv.Itoa(f.ports[index]), "--latency", "20ms"}, extra...)
	env := append(os.Environ(), "ASGCTL_RELEASE="+release)
	p, err := f.exec.Start(context.Background(), proc.Spec{Index: index, Dir: f.t.TempDir(), Command: cmd, Env: env})
	if err != nil {
		f.t.Fatal(err)
	}
	f.procs[index] = p
	waitHealthy(f.t, f.ports[index], p)
}

func (f *fleet) stopAll() {
	for _, p := range f.procs {
		_ = p.Stop(context.Background(), stopTimeout)
	}
}

func newFleet(t *testing.T) (*fleet, map[int]string) {
	bin, err := testappbin.Path()
	if err != nil {
		t.Fatal(err)
	}
	f := &fleet{t: t, bin: bin, ports: map[int]int{}, procs: map[int]*proc.Process{}, exec: proc.NewExec(nil)}
	t.Cleanup(f.stopAll)
	backends := map[int]string{}
	for i := range nProcs {
		port, err := testappbin.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		f.ports[i] = port
		backends[i] = fmt.Sprintf("127.0.0.1:%d", port)
		f.start(i, "r1")
	}
	return f, backends
}

func waitHealthy(t *testing.T, port int, p *proc.Process) {
	t.Helper()
	url := fmt.Sprintf("http://127.0.0.1:%d/ping", port)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-p.Exited():
			t.Fatalf("process exited before healthy: %s", p.Tail())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("process on port %d not healthy: %s", port, p.Tail())
}

// TestRollingRestartZeroFailures restarts each of 4 test-app processes in
// turn behind the builtin proxy under steady load; no request may fail.
func TestRollingRestartZeroFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real processes under load")
	}
	f, backends := newFleet(t)
	p := newProxy(t, backends, 10*time.Second)
	stop := make(chan struct{})
	done := make(chan *loadgen.Result, 1)
	begin := time.Now()
	res := loadgen.NewResult()
	go func() { done <- loadgen.Run(res, "http://"+p.Addr()+"/", loadRate, 16, stop, 30*time.Second) }()
	loadgen.WaitSent(t, res, warmupRequests)
	for i := range nProcs {
		if i > 0 {
			loadgen.WaitSent(t, res, res.Sent.Load()+gapRequests)
		}
		t0 := time.Now()
		restartVia(t, f, p, i)
		t.Logf("process %d: drain+stop+start+healthy+enable took %s", i, time.Since(t0).Round(time.Millisecond))
	}
	loadgen.WaitSent(t, res, minRequests)
	close(stop)
	<-done
	t.Logf("load: %d requests sent in %s, %d failed, by release %v",
		res.Sent.Load(), time.Since(begin).Round(time.Millisecond), res.Failed.Load(), res.Releases())
	if res.Failed.Load() != 0 {
		t.Fatalf("%d requests failed, first: %v", res.Failed.Load(), res.Errors())
	}
	if fmt.Sprint(p.Serving()) != "[0 1 2 3]" {
		t.Fatalf("serving after rollout = %v", p.Serving())
	}
}
