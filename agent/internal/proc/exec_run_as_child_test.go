package proc_test

import (
	"context"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/internal/testenv"
)

// nobodyUID is the uid of the user the run_as tests start processes as.
const nobodyUID = 65534

// probeScript reports who it runs as and what it can read, writes a line
// through a reopened /dev/stdout, then keeps running: it notes SIGTERM but
// ignores it, and so does the child it leaves in its process group.
const probeScript = `echo "uid $(id -u)"
if cat "$SECRET" >/dev/null 2>&1; then echo "secret: read"; else echo "secret: denied"; fi
if cat "/proc/$AGENT_PID/environ" >/dev/null 2>&1; then echo "environ: read"; else echo "environ: denied"; fi
echo "reopened stdout" >> /dev/stdout
trap 'echo "got TERM"' TERM
sh -c 'trap "" TERM; while :; do sleep 0.05; done' &
echo "grandchild $!"
echo ready
while :; do sleep 0.05; done`

// probeStopTimeout is the stop timeout of the supervisors running
// probeScript, which has to be killed.
const probeStopTimeout = 500 * time.Millisecond

// requireNobody skips (fails in CI) unless the test runs as root and the
// machine has a user nobody with uid 65534.
func requireNobody(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.SkipOrFail(t, "starting processes as another user needs root (euid %d); run the tests as root", os.Geteuid())
	}
	if u, err := user.Lookup("nobody"); err != nil || u.Uid != strconv.Itoa(nobodyUID) {
		testenv.SkipOrFail(t, "no user nobody with uid %d on this machine: %v, %v", nobodyUID, u, err)
	}
}

// releaseLayout makes a directory tree like the agent's: a release
// directory (0755, as the extractor leaves it) holding a 0600 secret, and
// a root-only log directory for the output, like the agent's state dir.
func releaseLayout(t *testing.T) (release, secret, output string) {
	t.Helper()
	root, err := os.MkdirTemp("", "asgctl-run-as-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	release, logs := filepath.Join(root, "releases", "r1"), filepath.Join(root, "state", "logs")
	for _, d := range []string{release, logs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(root, 0o755); err != nil { // MkdirTemp made it 0700
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(root, "state"), 0o700); err != nil {
		t.Fatal(err)
	}
	secret = filepath.Join(release, "secret")
	if err := os.WriteFile(secret, []byte("token"), 0o600); err != nil {
		t.Fatal(err)
	}
	return release, secret, filepath.Join(logs, "0.log")
}

// startProbe starts probeScript as process 0 of sup and waits until it is
// ready; it returns the output so far.
func startProbe(t *testing.T, sup *proc.ExecSupervisor, release, secret, output string) string {
	t.Helper()
	spec := proc.Spec{Index: 0, Dir: release, Output: output, Command: []string{"/bin/sh", "-c", probeScript},
		Env: []string{"PATH=/usr/bin:/bin", "SECRET=" + secret, "AGENT_PID=" + strconv.Itoa(os.Getpid())}}
	if err := sup.Start(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sup.Stop(context.Background(), 0) })
	return waitOutput(t, output, "ready\n")
}

// waitOutput polls the output file until it contains want.
func waitOutput(t *testing.T, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), want) {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never contained %q; it holds:\n%s", path, want, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestExecRunAsOwnUserReadsEverything is the control of
// TestExecRunAsNobody: as the agent's own user (root) the probe reads the
// secret and the agent's environment, so "denied" there is the user's
// doing, not the script's.
func TestExecRunAsOwnUserReadsEverything(t *testing.T) {
	requireNobody(t)
	release, secret, output := releaseLayout(t)
	sup, err := proc.NewExecSupervisor(nil, probeStopTimeout, "")
	if err != nil {
		t.Fatal(err)
	}
	out := startProbe(t, sup, release, secret, output)
	for _, want := range []string{"uid 0\n", "secret: read\n", "environ: read\n", "reopened stdout\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestExecRunAsNobody: a process started with run_as nobody runs with
// nobody's ids, cannot read a root-only file or the agent's environment,
// writes its output (even through a reopened /dev/stdout) to the file the
// agent opened in a directory it cannot enter, is adopted by a later
// supervisor, and is stopped with SIGTERM then SIGKILL to its whole group.
func TestExecRunAsNobody(t *testing.T) {
	requireNobody(t)
	release, secret, output := releaseLayout(t)
	first, err := proc.NewExecSupervisor(nil, probeStopTimeout, "nobody")
	if err != nil {
		t.Fatal(err)
	}
	out := startProbe(t, first, release, secret, output)
	for _, want := range []string{"uid 65534\n", "secret: denied\n", "environ: denied\n", "reopened stdout\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	pid, _ := first.PID(context.Background(), 0)
	checkIDs(t, pid)
	if st, err := os.Stat(output); err != nil || st.Mode().Perm() != 0o600 || st.Sys().(*syscall.Stat_t).Uid != nobodyUID {
		t.Errorf("output file: %v, %v; want mode 0600 owned by uid %d", st.Mode(), err, nobodyUID)
	}
	grand := grandchildPID(t, out)

	second, err := proc.NewExecSupervisor(nil, probeStopTimeout, "nobody")
	if err != nil {
		t.Fatal(err)
	}
	if err := second.Adopt(0, pid, first.Started(0), output); err != nil {
		t.Fatalf("adopt the process running as nobody: %v", err)
	}
	start := time.Now()
	if err := second.Stop(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < probeStopTimeout {
		t.Errorf("stop took %s, less than the stop timeout %s: the process ignores SIGTERM and must be killed", took, probeStopTimeout)
	}
	waitGone(t, pid)
	waitGone(t, grand)
	waitOutput(t, output, "got TERM\n")
}

// checkIDs fails unless /proc/<pid>/status shows every uid and gid as
// nobody's and no supplementary group of root.
func checkIDs(t *testing.T, pid int) {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string][]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			fields[k] = strings.Fields(v)
		}
	}
	for _, k := range []string{"Uid", "Gid"} {
		if len(fields[k]) != 4 {
			t.Fatalf("%s: %v", k, fields[k])
		}
		for _, id := range fields[k] { // real, effective, saved, file system
			if id != strconv.Itoa(nobodyUID) {
				t.Errorf("%s: %v, want all %d", k, fields[k], nobodyUID)
				break
			}
		}
	}
	for _, g := range fields["Groups"] {
		if g == "0" {
			t.Errorf("Groups: %v: kept root's group", fields["Groups"])
		}
	}
}

// grandchildPID reads the pid the probe printed for its child.
func grandchildPID(t *testing.T, out string) int {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if s, ok := strings.CutPrefix(line, "grandchild "); ok {
			if pid, err := strconv.Atoi(s); err == nil {
				return pid
			}
		}
	}
	t.Fatalf("no grandchild pid in:\n%s", out)
	return 0
}

// TestExecRunAsNeedsSearchPermission: a release directory the run_as user
// cannot enter fails the start with an error that says what that user
// needs.
func TestExecRunAsNeedsSearchPermission(t *testing.T) {
	requireNobody(t)
	release, secret, output := releaseLayout(t)
	if err := os.Chmod(release, 0o700); err != nil {
		t.Fatal(err)
	}
	sup := newExecSupervisor(t, "nobody")
	err := sup.Start(context.Background(), proc.Spec{Dir: release, Output: output, Command: []string{"/bin/sh", "-c", "cat " + secret}})
	if err == nil {
		t.Fatal("started in a directory nobody cannot enter")
	}
	for _, want := range []string{"as nobody (uid 65534, gid 65534)", "search permission on every directory down to " + release} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestNewExecSupervisorUnknownUser: run_as naming no user on the machine
// fails at construction, before any process is started.
func TestNewExecSupervisorUnknownUser(t *testing.T) {
	_, err := proc.NewExecSupervisor(nil, time.Second, "asgctl-no-such-user")
	if err == nil || !strings.Contains(err.Error(), `no user "asgctl-no-such-user"`) {
		t.Fatalf("err = %v, want no such user", err)
	}
}
