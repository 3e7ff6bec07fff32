package proc_test

// Harness for TestSystemdReal: a private systemd user manager (plus its own
// systemd-journald) in fresh mount and cgroup namespaces, so the test drives
// real systemd without touching the host's. The test binary re-executes
// itself inside the namespaces (runInNamespaces); there it mounts tmpfs on
// /run (systemd --user requires /run/systemd/system, which sd_booted checks)
// and on /var/log/journal, and starts the two daemons (startPrivateSystemd).
// The namespaces' cgroup is a fresh child of the cgroup roots, so journald
// attributes output to the units (_SYSTEMD_UNIT) as on a real host; the
// parent kills whatever is left in it and removes it afterwards.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coreos/go-systemd/v22/dbus"
	godbus "github.com/godbus/dbus/v5"

	"github.com/asgctl/asgctl/agent/internal/proc"
	"github.com/asgctl/asgctl/internal/testenv"
)

const nsEnv = "ASGCTL_SYSTEMD_TEST_NS" // set in the re-executed test binary

// skipOrFail skips the test with reason, or fails it in CI.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	testenv.SkipOrFail(t, "real systemd test cannot run: "+format, args...)
}

// findExe returns the first existing path among candidates.
func findExe(candidates ...string) string {
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			return c
		}
	}
	return ""
}

// cgroupRoots lists the cgroup hierarchies systemd tracks processes in: the
// unified one, plus name=systemd on a legacy or hybrid host.
func cgroupRoots() []string {
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err == nil {
		return []string{"/sys/fs/cgroup"}
	}
	var roots []string
	for _, r := range []string{"/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified"} {
		if _, err := os.Stat(filepath.Join(r, "cgroup.procs")); err == nil {
			roots = append(roots, r)
		}
	}
	return roots
}

// runInNamespaces re-executes this test inside new mount and cgroup
// namespaces rooted at a fresh cgroup, reports its output, and cleans up.
func runInNamespaces(t *testing.T, name string) {
	if os.Geteuid() != 0 {
		skipOrFail(t, "needs root to create namespaces and cgroups (euid %d)", os.Geteuid())
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		skipOrFail(t, "unshare (util-linux) not found: %v", err)
	}
	roots := cgroupRoots()
	if len(roots) == 0 {
		skipOrFail(t, "no writable cgroup hierarchy under /sys/fs/cgroup")
	}
	cg := fmt.Sprintf("asgctl-systemd-test-%d", os.Getpid())
	var procs []string
	for _, r := range roots {
		dir := filepath.Join(r, cg)
		if err := os.Mkdir(dir, 0o755); err != nil {
			skipOrFail(t, "create cgroup %s: %v", dir, err)
		}
		t.Cleanup(func() { removeCgroup(t, dir) })
		procs = append(procs, filepath.Join(dir, "cgroup.procs"))
	}
	// The shell joins the cgroup before unshare, so the new cgroup
	// namespace is rooted there.
	script := `for f in $CGROUP_PROCS; do echo $$ > "$f" || exit 97; done; exec "$@"`
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", script, "sh",
		unshare, "--mount", "--cgroup", "--propagation", "private",
		os.Args[0], "-test.run", "^"+name+"$", "-test.count", "1", "-test.v")
	cmd.Env = append(os.Environ(), nsEnv+"=1", "CGROUP_PROCS="+strings.Join(procs, " "))
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil && !strings.Contains(string(out), "=== RUN   "+name) {
		skipOrFail(t, "could not enter new mount and cgroup namespaces: %v: %s", err, out)
	}
	t.Logf("test run inside the namespaces:\n%s", out)
	if err != nil {
		t.Fatalf("%s inside the namespaces: %v", name, err)
	}
	if strings.Contains(string(out), "--- SKIP: "+name) {
		t.Skipf("real systemd test skipped inside the namespaces: %s", skipReason(string(out)))
	}
}

// skipReason picks skipOrFail's message out of the inner test's output.
func skipReason(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if _, reason, ok := strings.Cut(line, "real systemd test skipped: "); ok {
			return reason
		}
	}
	return "see the log above"
}

// removeCgroup kills every process left in the cgroup tree at dir and
// removes it, deepest first.
func removeCgroup(t *testing.T, dir string) {
	var dirs []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		d := dirs[i]
		for attempt := 0; ; attempt++ {
			if pids := cgroupPIDs(d); len(pids) > 0 && attempt < 100 {
				for _, pid := range pids {
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
				time.Sleep(20 * time.Millisecond) // let the kernel empty the cgroup
				continue
			}
			break
		}
		if err := os.Remove(d); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Errorf("remove test cgroup %s: %v", d, err)
		}
	}
}

func cgroupPIDs(dir string) []int {
	b, err := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
	if err != nil {
		return nil
	}
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

// privateSystemd is a running private user manager.
type privateSystemd struct {
	units  string // unit directory (SYSTEMD_UNIT_PATH)
	socket string // the manager's private D-Bus socket
	logs   string // directory with the daemons' own output
}

// dial connects to the manager's private socket: peer-to-peer D-Bus,
// EXTERNAL auth, no Hello. The connection outlives ctx (godbus would close
// it when ctx ends), so only ctx's values reach it.
func (p *privateSystemd) dial(ctx context.Context) (proc.SystemdConn, error) {
	ctx = context.WithoutCancel(ctx)
	return dbus.NewConnection(func() (*godbus.Conn, error) {
		c, err := godbus.Dial("unix:path="+p.socket, godbus.WithContext(ctx))
		if err != nil {
			return nil, err
		}
		if err := c.Auth([]godbus.Auth{godbus.AuthExternal(strconv.Itoa(os.Getuid()))}); err != nil {
			c.Close()
			return nil, err
		}
		return c, nil
	})
}

// startPrivateSystemd runs, inside the test namespaces, systemd-journald and
// a systemd user manager whose only unit directory holds stub targets plus
// the given unit files; both are stopped when the test ends.
func startPrivateSystemd(t *testing.T, units map[string]string) *privateSystemd {
	systemd := findExe("/usr/lib/systemd/systemd", "/lib/systemd/systemd")
	journald := findExe("/usr/lib/systemd/systemd-journald", "/lib/systemd/systemd-journald")
	if systemd == "" || journald == "" {
		skipOrFail(t, "systemd or systemd-journald not installed (looked in /usr/lib/systemd and /lib/systemd)")
	}
	if _, err := exec.LookPath("journalctl"); err != nil {
		skipOrFail(t, "journalctl not found: %v", err)
	}
	mountPrivate(t)
	base := t.TempDir()
	p := &privateSystemd{units: filepath.Join(base, "units"), logs: base}
	xdg := filepath.Join(base, "xdg")
	p.socket = filepath.Join(xdg, "systemd", "private")
	mustMkdir(t, xdg, 0o700)
	mustMkdir(t, p.units, 0o755)
	for _, target := range []string{"default", "basic", "shutdown"} {
		units[target+".target"] = "[Unit]\nDescription=test stub " + target + ".target\n"
	}
	for name, body := range units {
		if err := os.WriteFile(filepath.Join(p.units, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	startDaemon(t, base, "journald", syscall.SIGTERM, []string{journald}, nil)
	waitPath(t, "/run/systemd/journal/stdout", "systemd-journald's stdout socket")
	startDaemon(t, base, "systemd", syscall.Signal(sigRTMin+24), []string{systemd, "--user", "--log-target=console", "--log-level=notice"},
		[]string{"XDG_RUNTIME_DIR=" + xdg, "SYSTEMD_UNIT_PATH=" + p.units})
	waitPath(t, p.socket, "the user manager's private socket (see "+filepath.Join(base, "systemd.log")+")")
	return p
}

// mountPrivate hides the host's /run and journal from the daemons: tmpfs on
// /run with /run/systemd/system (what sd_booted checks) and on
// /var/log/journal when it exists. The mount namespace is private.
func mountPrivate(t *testing.T) {
	if err := syscall.Mount("tmpfs", "/run", "tmpfs", 0, "mode=0755"); err != nil {
		skipOrFail(t, "mount tmpfs on /run in the test mount namespace: %v", err)
	}
	mustMkdir(t, "/run/systemd/system", 0o755)
	if _, err := os.Stat("/var/log/journal"); err == nil {
		if err := syscall.Mount("tmpfs", "/var/log/journal", "tmpfs", 0, "mode=0755"); err != nil {
			skipOrFail(t, "mount tmpfs on /var/log/journal: %v", err)
		}
	}
}

// startDaemon starts argv with its output in dir/name.log and stops it at
// the end of the test: signal stop, then SIGKILL after 5s. (SIGRTMIN+24
// makes a user manager exit at once; the parent kills what is left.)
func startDaemon(t *testing.T, dir, name string, stop os.Signal, argv, env []string) {
	log, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		skipOrFail(t, "start %s: %v", name, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(stop)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		log.Close()
		if t.Failed() {
			b, _ := os.ReadFile(log.Name())
			t.Logf("%s output:\n%s", name, b)
		}
	})
}

// sigRTMin is glibc's SIGRTMIN, which systemd's signal numbers count from.
const sigRTMin = 34

func mustMkdir(t *testing.T, dir string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(dir, mode); err != nil {
		t.Fatal(err)
	}
}

// waitPath waits up to 10s for path to exist.
func waitPath(t *testing.T, path, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			skipOrFail(t, "%s (%s) did not appear within 10s", what, path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
