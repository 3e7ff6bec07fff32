package rotate_test

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/integration/syncbuf"

	"github.com/asgctl/asgctl/agent/internal/rotate"
)

// requireBinary returns the path of an external program the test needs; it
// skips the test when the program is missing, or fails it when CI=true.
func requireBinary(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI (apt-get install -y haproxy nginx): %v", name, err)
	}
	t.Skipf("%s not installed: %v", name, err)
	return ""
}

// startChild runs a foreground (non-daemon) server process and stops it
// with stopSig at cleanup (SIGKILL after 5 s). exited is closed when it ends.
func startChild(t *testing.T, stopSig syscall.Signal, bin string, args ...string) (out *syncbuf.Buffer, exited <-chan struct{}) {
	t.Helper()
	out = &syncbuf.Buffer{}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(stopSig)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	return out, done
}

// rollUnderLoad restarts every process of f in turn through driver d while
// an open-loop load of loadRate req/s runs against url, and returns what the
// load saw (at least minRequests requests).
func rollUnderLoad(t *testing.T, f *fleet, d rotate.Driver, url string) *loadResult {
	t.Helper()
	stop := make(chan struct{})
	done := make(chan *loadResult, 1)
	begin := time.Now()
	res := newLoadResult()
	go func() { done <- runLoad(res, url, loadRate, 16, stop, 60*time.Second) }()
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
			<-done
		}
	}()
	waitSent(t, res, warmupRequests)
	for i := range nProcs {
		if i > 0 {
			waitSent(t, res, res.sent.Load()+gapRequests)
		}
		restartVia(t, f, d, i)
	}
	waitSent(t, res, minRequests)
	close(stop)
	<-done
	t.Logf("load: %d requests sent in %s, %d failed, by release %v",
		res.sent.Load(), time.Since(begin).Round(time.Millisecond), res.failed.Load(), res.releases)
	return res
}

// restartVia is restart for any Driver: drain, stop, start r2, enable.
func restartVia(t *testing.T, f *fleet, d rotate.Driver, i int) {
	t.Helper()
	ctx := context.Background()
	d0 := time.Now()
	if err := d.Drain(ctx, i); err != nil {
		t.Fatalf("drain %d: %v", i, err)
	}
	t0 := time.Now()
	if err := f.procs[i].Stop(ctx, stopTimeout); err != nil {
		t.Fatalf("stop %d: %v", i, err)
	}
	t1 := time.Now()
	f.start(i, "r2", "--start-delay", "300ms")
	t2 := time.Now()
	if err := d.Enable(ctx, i); err != nil {
		t.Fatalf("enable %d: %v", i, err)
	}
	t.Logf("process %d: drain %s, stop %s, start to healthy %s, enable %s", i,
		t0.Sub(d0).Round(time.Millisecond), t1.Sub(t0).Round(time.Millisecond),
		t2.Sub(t1).Round(time.Millisecond), time.Since(t2).Round(time.Millisecond))
}
