package proc_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proc"
)

func startApp(t *testing.T, args ...string) (*proc.Process, int) {
	t.Helper()
	spec, port := appSpec(t, 0, "")
	spec.Command = append(spec.Command[:len(spec.Command)-2], args...) // drop --release: the env names it
	spec.Env = append(os.Environ(), "ASGCTL_RELEASE=r1")
	p, err := proc.NewExec(nil).Start(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop(context.Background(), time.Second) })
	return p, port
}

func waitHTTP(t *testing.T, url string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return fmt.Sprintf("%d %s", resp.StatusCode, b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %v", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestExecRunsTestAppAndStopsGracefully(t *testing.T) {
	p, port := startApp(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if got := waitHTTP(t, base+"/ping"); got != "200 pong" {
		t.Fatalf("/ping = %q", got)
	}
	if got := waitHTTP(t, base+"/"); got != "200 release=r1\n" {
		t.Fatalf("/ = %q", got)
	}
	if err := p.Stop(context.Background(), 5*time.Second); err != nil {
		t.Fatalf("stop: %v", err)
	}
	select {
	case <-p.Exited():
	default:
		t.Fatal("Exited not closed after Stop")
	}
	tail := p.Tail()
	if !strings.Contains(tail, "testapp listening") || !strings.Contains(tail, "shutting down") {
		t.Fatalf("tail = %q", tail)
	}
}

func TestExecFailHealth(t *testing.T) {
	_, port := startApp(t, "--fail-health")
	if got := waitHTTP(t, fmt.Sprintf("http://127.0.0.1:%d/ping", port)); !strings.HasPrefix(got, "503") {
		t.Fatalf("/ping = %q", got)
	}
}

func TestExecGracefulStopFinishesInFlight(t *testing.T) {
	p, port := startApp(t, "--latency", "300ms")
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/ping")
	done := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/")
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- string(b)
	}()
	waitInflight(t, base)
	if err := p.Stop(context.Background(), 5*time.Second); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if got := <-done; got != "release=r1\n" {
		t.Fatalf("in-flight request got %q", got)
	}
}

func TestExecKillsGroupIgnoringSIGTERM(t *testing.T) {
	pidFile := t.TempDir() + "/grandchild.pid"
	script := `trap "" TERM; sh -c 'trap "" TERM; echo $$ > ` + pidFile + `; while :; do sleep 0.05; done' & echo started; wait`
	p, err := proc.NewExec(nil).Start(context.Background(), proc.Spec{Command: []string{"sh", "-c", script}})
	if err != nil {
		t.Fatal(err)
	}
	grand := waitPIDFile(t, pidFile)
	start := time.Now()
	err = p.Stop(context.Background(), 300*time.Millisecond)
	if !errors.Is(err, proc.ErrKilled) {
		t.Fatalf("stop err = %v, want ErrKilled", err)
	}
	t.Logf("stop took %s", time.Since(start))
	if took := time.Since(start); took < 300*time.Millisecond || took > 5*time.Second {
		t.Fatalf("stop took %s", took)
	}
	waitGone(t, grand)
	if !strings.Contains(p.Tail(), "started") {
		t.Fatalf("tail = %q", p.Tail())
	}
}

func TestExecStartErrors(t *testing.T) {
	e := proc.NewExec(nil)
	if _, err := e.Start(context.Background(), proc.Spec{}); err == nil {
		t.Fatal("empty command: want error")
	}
	if _, err := e.Start(context.Background(), proc.Spec{Command: []string{"/nonexistent/bin"}}); err == nil {
		t.Fatal("missing binary: want error")
	}
}

func TestExecWaitReportsExitStatus(t *testing.T) {
	p, err := proc.NewExec(nil).Start(context.Background(), proc.Spec{Command: []string{"sh", "-c", "echo oops >&2; exit 3"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.Wait(ctx); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("wait err = %v", err)
	}
	if p.Tail() != "oops\n" {
		t.Fatalf("tail = %q", p.Tail())
	}
}

func waitPIDFile(t *testing.T, path string) int {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(path)
		if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil {
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no pid in %s", path)
	return 0
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) || isZombie(pid) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	t.Fatalf("grandchild %d survived", pid)
}

// isZombie reports whether pid has died but not yet been reaped by its new
// parent (init in a container may reap late).
func isZombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// waitInflight waits until the test app is serving a / request. It polls on
// its own client without keep-alive, so it leaves no idle or half-open
// connection behind for the app's graceful shutdown to wait on.
func waitInflight(t *testing.T, base string) {
	t.Helper()
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	limit := time.NewTimer(5 * time.Second)
	defer limit.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if resp, err := client.Get(base + "/inflight"); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(b) != "0" {
				return
			}
		}
		select {
		case <-limit.C:
			t.Fatal("the request never reached the handler")
		case <-tick.C:
		}
	}
}
