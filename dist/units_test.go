package dist

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/internal/testenv"
)

// The shipped units.
const (
	agentUnit      = "asgctl-agent.service"
	appUnit        = "asgctl-app@.service"
	controllerUnit = "asgctl-controller.service"
)

// unit is a parsed unit file: section -> key -> values in file order (a key
// may repeat, e.g. Environment=).
type unit map[string]map[string][]string

// get returns the last value of key in section (the one systemd uses for a
// single-valued setting) and whether the key is set.
func (u unit) get(section, key string) (string, bool) {
	vs := u[section][key]
	if len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

// parseUnit reads a unit file with systemd's syntax: [Section] headers,
// Key=Value lines, # and ; comments, a trailing backslash continuing a line.
func parseUnit(path string) (unit, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	u := unit{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		for strings.HasSuffix(line, "\\") && sc.Scan() {
			n++
			line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(sc.Text())
		}
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[':
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("%s:%d: bad section header %q", path, n, line)
			}
			section = line[1 : len(line)-1]
			if u[section] != nil {
				return nil, fmt.Errorf("%s:%d: section [%s] repeated", path, n, section)
			}
			u[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				return nil, fmt.Errorf("%s:%d: want Key=Value inside a section, got %q", path, n, line)
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			u[section][k] = append(u[section][k], v)
		}
	}
	return u, sc.Err()
}

var timespanPart = regexp.MustCompile(`^(\d+)\s*(us|ms|s|sec|m|min|h|hr)?\s*`)

// parseTimespan parses a systemd time span such as "90s", "1min 30s" or
// "90" (seconds).
func parseTimespan(s string) (time.Duration, error) {
	units := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "": time.Second,
		"s": time.Second, "sec": time.Second, "m": time.Minute, "min": time.Minute, "h": time.Hour, "hr": time.Hour}
	rest := strings.TrimSpace(s)
	if rest == "" {
		return 0, errors.New("empty time span")
	}
	var d time.Duration
	for rest != "" {
		m := timespanPart.FindStringSubmatch(rest)
		if m == nil {
			return 0, fmt.Errorf("time span %q: cannot parse %q", s, rest)
		}
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return 0, err
		}
		d += time.Duration(n) * units[m[2]]
		rest = rest[len(m[0]):]
	}
	return d, nil
}

// repoFile is a path relative to the repository root.
func repoFile(rel string) string { return filepath.Join("..", filepath.FromSlash(rel)) }

// goConst finds the constant (or variable) name declared at top level in
// the Go file rel and returns its value expression.
func goConst(t *testing.T, rel, name string) ast.Expr {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), repoFile(rel), nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", rel, err)
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range g.Specs {
			vs, ok := s.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for i, id := range vs.Names {
				if id.Name == name && i < len(vs.Values) {
					return vs.Values[i]
				}
			}
		}
	}
	t.Fatalf("%s declares no constant %s: update this test and the unit that depends on it", rel, name)
	return nil
}

// goDuration evaluates the time.Duration constant name of the Go file rel,
// written as products and sums of integers and time units.
func goDuration(t *testing.T, rel, name string) time.Duration {
	t.Helper()
	units := map[string]time.Duration{"Nanosecond": time.Nanosecond, "Microsecond": time.Microsecond,
		"Millisecond": time.Millisecond, "Second": time.Second, "Minute": time.Minute, "Hour": time.Hour}
	var eval func(ast.Expr) (time.Duration, error)
	eval = func(e ast.Expr) (time.Duration, error) {
		switch e := e.(type) {
		case *ast.ParenExpr:
			return eval(e.X)
		case *ast.BasicLit:
			if e.Kind != token.INT {
				break
			}
			n, err := strconv.ParseInt(e.Value, 0, 64)
			return time.Duration(n), err
		case *ast.SelectorExpr:
			if x, ok := e.X.(*ast.Ident); ok && x.Name == "time" {
				if d, ok := units[e.Sel.Name]; ok {
					return d, nil
				}
			}
		case *ast.BinaryExpr:
			a, err := eval(e.X)
			if err != nil {
				return 0, err
			}
			b, err := eval(e.Y)
			if err != nil {
				return 0, err
			}
			switch e.Op {
			case token.MUL:
				return a * b, nil
			case token.ADD:
				return a + b, nil
			}
		}
		return 0, fmt.Errorf("cannot evaluate %T", e)
	}
	d, err := eval(goConst(t, rel, name))
	if err != nil {
		t.Fatalf("%s: %s: %v", rel, name, err)
	}
	return d
}

// goString returns the string constant name of the Go file rel.
func goString(t *testing.T, rel, name string) string {
	t.Helper()
	lit, ok := goConst(t, rel, name).(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		t.Fatalf("%s: %s is not a string literal", rel, name)
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatalf("%s: %s: %v", rel, name, err)
	}
	return s
}

// goSourceHas fails unless the Go file rel contains the text want, a
// literal a unit's paths are built from.
func goSourceHas(t *testing.T, rel, want string) {
	t.Helper()
	b, err := os.ReadFile(repoFile(rel))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(want)) {
		t.Errorf("%s no longer contains %s, which the systemd units rely on: update dist/systemd and this test", rel, want)
	}
}

func loadUnit(t *testing.T, name string) unit {
	t.Helper()
	u, err := parseUnit(filepath.Join("systemd", name))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// want checks the single-valued key of section: equal to value, or, with
// value "", merely set.
func (u unit) want(t *testing.T, name, section, key, value string) {
	t.Helper()
	got, ok := u.get(section, key)
	switch {
	case !ok:
		t.Errorf("%s: [%s] %s= is missing", name, section, key)
	case value != "" && got != value:
		t.Errorf("%s: [%s] %s=%s, want %s", name, section, key, got, value)
	}
}

// timeout returns [Service] TimeoutStopSec= parsed.
func (u unit) timeout(t *testing.T, name string) time.Duration {
	t.Helper()
	v, ok := u.get("Service", "TimeoutStopSec")
	if !ok {
		t.Fatalf("%s: TimeoutStopSec= is missing", name)
	}
	d, err := parseTimespan(v)
	if err != nil {
		t.Fatalf("%s: TimeoutStopSec: %v", name, err)
	}
	return d
}

// words returns the space-separated values of a list setting, all lines.
func (u unit) words(section, key string) []string {
	var out []string
	for _, v := range u[section][key] {
		out = append(out, strings.Fields(v)...)
	}
	return out
}

// TestUnitsCommon: every unit stops with SIGTERM within a bounded time,
// restarts, and carries the hardening every asgctl process can live with.
func TestUnitsCommon(t *testing.T) {
	for _, name := range []string{agentUnit, appUnit, controllerUnit} {
		t.Run(name, func(t *testing.T) {
			u := loadUnit(t, name)
			for _, s := range []string{"Unit", "Service"} {
				if u[s] == nil {
					t.Errorf("%s: no [%s] section", name, s)
				}
			}
			u.want(t, name, "Unit", "Description", "")
			u.want(t, name, "Service", "ExecStart", "")
			u.want(t, name, "Service", "KillSignal", "SIGTERM")
			u.want(t, name, "Service", "Restart", "")
			if d := u.timeout(t, name); d <= 0 {
				t.Errorf("%s: TimeoutStopSec must be a positive span, got %s", name, d)
			}
			for key, value := range map[string]string{
				"NoNewPrivileges":         "yes",
				"PrivateTmp":              "yes",
				"PrivateDevices":          "yes",
				"RestrictSUIDSGID":        "yes",
				"ProtectKernelTunables":   "yes",
				"ProtectKernelModules":    "yes",
				"ProtectKernelLogs":       "yes",
				"ProtectControlGroups":    "yes",
				"ProtectClock":            "yes",
				"ProtectHostname":         "yes",
				"LockPersonality":         "yes",
				"RestrictRealtime":        "yes",
				"SystemCallArchitectures": "native",
			} {
				u.want(t, name, "Service", key, value)
			}
			if v, _ := u.get("Service", "ProtectSystem"); v != "full" && v != "strict" {
				t.Errorf("%s: ProtectSystem=%q, want full or strict", name, v)
			}
			if v, _ := u.get("Service", "ProtectHome"); v != "yes" && v != "read-only" && v != "tmpfs" {
				t.Errorf("%s: ProtectHome=%q, want yes, read-only or tmpfs", name, v)
			}
			fams := u.words("Service", "RestrictAddressFamilies")
			for _, f := range []string{"AF_INET", "AF_INET6", "AF_UNIX"} {
				if !slices.Contains(fams, f) {
					t.Errorf("%s: RestrictAddressFamilies=%v lacks %s", name, fams, f)
				}
			}
		})
	}
}

// TestAgentUnit: the agent runs as root with its config, outlives its own
// graceful shutdown, and is the only one to stop its processes.
func TestAgentUnit(t *testing.T) {
	u := loadUnit(t, agentUnit)
	cfg := goString(t, "agent/internal/config/load.go", "DefaultPath")
	u.want(t, agentUnit, "Service", "ExecStart", "/usr/local/bin/asgctl-agent --config "+cfg)
	u.want(t, agentUnit, "Service", "Restart", "always")
	u.want(t, agentUnit, "Service", "KillMode", "process")
	u.want(t, agentUnit, "Service", "StateDirectory", "asgctl-agent")
	u.want(t, agentUnit, "Unit", "StartLimitIntervalSec", "0")
	u.want(t, agentUnit, "Install", "WantedBy", "multi-user.target")
	for _, key := range []string{"Wants", "After"} {
		if !slices.Contains(u.words("Unit", key), "network-online.target") {
			t.Errorf("%s: %s= lacks network-online.target", agentUnit, key)
		}
	}
	grace := goDuration(t, "agent/internal/daemon/run.go", "ShutdownGrace")
	if got := u.timeout(t, agentUnit); got < grace+10*time.Second {
		t.Errorf("%s: TimeoutStopSec=%s leaves less than 10 s over the agent's ShutdownGrace %s: systemd would SIGKILL a graceful drain", agentUnit, got, grace)
	}
	// Root: it drives systemd over D-Bus and owns the releases.
	for _, key := range []string{"User", "DynamicUser", "PrivateUsers"} {
		if v, ok := u.get("Service", key); ok {
			t.Errorf("%s: %s=%s: the agent must run as root (D-Bus to systemd, release ownership)", agentUnit, key, v)
		}
	}
	// Its children (exec supervisor) inherit the sandbox: nothing that
	// breaks ordinary runtimes.
	if v, ok := u.get("Service", "MemoryDenyWriteExecute"); ok && v == "yes" {
		t.Errorf("%s: MemoryDenyWriteExecute=yes breaks JIT runtimes of exec-supervised processes", agentUnit)
	}
	if v, ok := u.get("Service", "CapabilityBoundingSet"); ok && (v == "" || !strings.HasPrefix(v, "~")) {
		t.Errorf("%s: CapabilityBoundingSet=%q: drop chosen capabilities (~...), the agent needs root's file and signal rights", agentUnit, v)
	}
	checkAgentRunAs(t, u)
}

// checkAgentRunAs: the agent can start exec-supervised processes as
// supervisor.run_as, and they can neither read its state nor hide from it.
func checkAgentRunAs(t *testing.T, u unit) {
	t.Helper()
	// Other users pass through to the pointers but do not list the state.
	u.want(t, agentUnit, "Service", "StateDirectoryMode", "0711")
	if v, ok := u.get("Service", "UMask"); ok && v != "0022" {
		t.Errorf("%s: UMask=%s: the release tree the agent creates must stay readable by the run_as user (0022)", agentUnit, v)
	}
	// Switching to run_as, giving it its output file and stopping it.
	dropped := u.words("Service", "CapabilityBoundingSet")
	for _, c := range []string{"CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_KILL"} {
		if slices.Contains(dropped, c) || slices.Contains(dropped, "~"+c) {
			t.Errorf("%s: CapabilityBoundingSet drops %s, which starting, owning output for and stopping run_as processes needs", agentUnit, c)
		}
	}
	// The run_as processes do not see the agent in /proc. The agent, which
	// has no CAP_SYS_PTRACE, still sees them because its group is root's,
	// which hidepid exempts: adoption reads /proc/<pid>/stat.
	u.want(t, agentUnit, "Service", "ProtectProc", "invisible")
	if v, ok := u.get("Service", "Group"); ok {
		t.Errorf("%s: Group=%s: with ProtectProc=invisible the agent must keep root's group to see and adopt its run_as processes", agentUnit, v)
	}
	if v, ok := u.get("Service", "ProcSubset"); ok && v != "all" {
		t.Errorf("%s: ProcSubset=%s hides /proc/meminfo and the like from exec-supervised runtimes", agentUnit, v)
	}
}

// appPaths are the agent's pointers the template unit reads for %p/%i.
func appPaths(t *testing.T) (release, env string) {
	t.Helper()
	// <dirs.state> defaults to /var/lib/asgctl-agent/<svc> and the unit
	// name to <svc>@{index}.service (agent/internal/config/defaults.go).
	goSourceHas(t, "agent/internal/config/defaults.go", `"/var/lib/asgctl-agent/"+c.Service`)
	goSourceHas(t, "agent/internal/config/defaults.go", `c.Service+"@{index}.service"`)
	goSourceHas(t, "agent/internal/daemon/pointers.go", `filepath.Join(a.Config.Dirs.State, "proc", strconv.Itoa(k))`)
	dir := "/var/lib/asgctl-agent/%p/proc/%i/"
	return dir + goString(t, "agent/internal/daemon/pointers.go", "pointerRelease"),
		dir + goString(t, "agent/internal/daemon/pointers.go", "pointerEnv")
}

// TestAppUnit: the per-process template reads the agent's pointers, stops
// within the agent's stop timeout and runs unprivileged.
func TestAppUnit(t *testing.T) {
	u := loadUnit(t, appUnit)
	release, env := appPaths(t)
	u.want(t, appUnit, "Service", "Type", "exec")
	u.want(t, appUnit, "Service", "WorkingDirectory", release)
	u.want(t, appUnit, "Service", "EnvironmentFile", env) // not "-": required
	u.want(t, appUnit, "Service", "KillMode", "control-group")
	u.want(t, appUnit, "Service", "Restart", "on-failure")
	u.want(t, appUnit, "Service", "RestartSec", "")
	u.want(t, appUnit, "Service", "ProtectSystem", "strict")
	if exec, _ := u.get("Service", "ExecStart"); !strings.Contains(exec, "release/bin/%p") {
		t.Errorf("%s: ExecStart=%s does not run the release's bin/%%p", appUnit, exec)
	}
	if !slices.Contains(u["Service"]["Environment"], "ASGCTL_PROCESS_INDEX=%i") {
		t.Errorf("%s: no Environment=ASGCTL_PROCESS_INDEX=%%i", appUnit)
	}
	stop := goDuration(t, "agent/internal/config/defaults.go", "DefaultStopTimeout")
	if got := u.timeout(t, appUnit); got != stop {
		t.Errorf("%s: TimeoutStopSec=%s, want the agent's supervisor.stop_timeout default %s", appUnit, got, stop)
	}
	checkAppIdentity(t, u)
	if v, ok := u.get("Service", "CapabilityBoundingSet"); !ok || v != "" {
		t.Errorf("%s: CapabilityBoundingSet=%q, want empty (no capabilities)", appUnit, v)
	}
	if u["Install"] != nil {
		t.Errorf("%s: has an [Install] section: the agent starts the instances, enabling them would start them behind its back", appUnit)
	}
}

// checkAppIdentity: the process runs as an unprivileged user of its own
// service and sees neither the agent's process nor its configuration.
func checkAppIdentity(t *testing.T, u unit) {
	t.Helper()
	user, ok := u.get("Service", "User")
	if dyn, _ := u.get("Service", "DynamicUser"); dyn != "yes" && (!ok || user == "root" || user == "0") {
		t.Errorf("%s: neither DynamicUser=yes nor an unprivileged User=", appUnit)
	}
	if user != "asgctl-%p" {
		t.Errorf("%s: User=%s, want asgctl-%%p: one user per service, none shared with other daemons", appUnit, user)
	}
	if g, ok := u.get("Service", "Group"); ok && g != user {
		t.Errorf("%s: Group=%s, want the user's own group %s", appUnit, g, user)
	}
	u.want(t, appUnit, "Service", "ProtectProc", "invisible")
	if paths := u.words("Service", "InaccessiblePaths"); !slices.Contains(paths, "-/etc/asgctl") && !slices.Contains(paths, "/etc/asgctl") {
		t.Errorf("%s: InaccessiblePaths=%v does not hide /etc/asgctl (the agent's config, environment and token)", appUnit, paths)
	}
}

// TestControllerUnit: the controller outlives its pass grace and lock
// release, reads its environment file and runs as a dynamic user.
func TestControllerUnit(t *testing.T) {
	u := loadUnit(t, controllerUnit)
	u.want(t, controllerUnit, "Service", "ExecStart", "/usr/local/bin/asgctl controller --listen 0.0.0.0:9090")
	u.want(t, controllerUnit, "Service", "EnvironmentFile", "/etc/asgctl/controller.env")
	u.want(t, controllerUnit, "Service", "Restart", "always")
	u.want(t, controllerUnit, "Service", "DynamicUser", "yes")
	u.want(t, controllerUnit, "Service", "ProtectSystem", "strict")
	u.want(t, controllerUnit, "Service", "MemoryDenyWriteExecute", "yes")
	u.want(t, controllerUnit, "Service", "PrivateUsers", "yes")
	u.want(t, controllerUnit, "Install", "WantedBy", "multi-user.target")
	if v, ok := u.get("Service", "CapabilityBoundingSet"); !ok || v != "" {
		t.Errorf("%s: CapabilityBoundingSet=%q, want empty (no capabilities)", controllerUnit, v)
	}
	pass := goDuration(t, "controller/internal/loop/config.go", "DefaultPassGrace")
	shutdown := goDuration(t, "controller/internal/daemon/config.go", "DefaultShutdownTimeout")
	release := goDuration(t, "controller/internal/daemon/shutdown.go", "releaseTimeout")
	need := max(pass, shutdown) + release
	if got := u.timeout(t, controllerUnit); got <= need {
		t.Errorf("%s: TimeoutStopSec=%s does not cover the pass grace %s plus the lock release %s", controllerUnit, got, max(pass, shutdown), release)
	}
}

// expandSpecifiers resolves the unit specifiers %p, %i and %% the way
// systemd does for instance prefix@instance.
func expandSpecifiers(s, prefix, instance string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i++; i == len(s) {
			return "", errors.New("trailing %")
		}
		switch s[i] {
		case 'p':
			b.WriteString(prefix)
		case 'i':
			b.WriteString(instance)
		case '%':
			b.WriteByte('%')
		default:
			return "", fmt.Errorf("specifier %%%c: extend this test", s[i])
		}
	}
	return b.String(), nil
}

// TestAppUnitExecStart runs the template's ExecStart script, as systemd
// would for web@2.service, against pointers laid out like the agent's: the
// server runs from its release with PORT = base port + index and the
// release and config revision read from the pointers, as the exec
// supervisor would give it.
func TestAppUnitExecStart(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	u := loadUnit(t, appUnit)
	line, _ := u.get("Service", "ExecStart")
	script, ok := strings.CutPrefix(line, "/bin/sh -c '")
	if !ok || !strings.HasSuffix(script, "'") {
		t.Fatalf("ExecStart is not /bin/sh -c '...': %s", line)
	}
	script, err := expandSpecifiers(strings.TrimSuffix(script, "'"), "web", "2")
	if err != nil {
		t.Fatal(err)
	}
	script = strings.ReplaceAll(script, "$$", "$") // systemd's escape for a literal $
	root := t.TempDir()
	script = strings.ReplaceAll(script, "/var/lib/asgctl-agent/", root+"/state/")

	relDir := filepath.Join(root, "srv", "releases", "r-0123456789ab")
	envFile := filepath.Join(root, "srv", "env", "r-0123456789ab-c-7.env")
	proc := filepath.Join(root, "state", "web", "proc", "2")
	out := filepath.Join(root, "out")
	for _, d := range []string{filepath.Join(relDir, "bin"), filepath.Dir(envFile), proc} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	server := "#!/bin/sh\nprintf 'PORT=%s\\nASGCTL_RELEASE=%s\\nASGCTL_CONFIG_REV=%s\\nASGCTL_PROCESS_INDEX=%s\\n' " +
		"\"$PORT\" \"$ASGCTL_RELEASE\" \"$ASGCTL_CONFIG_REV\" \"$ASGCTL_PROCESS_INDEX\" > " + out + "\n"
	if err := os.WriteFile(filepath.Join(relDir, "bin", "web"), []byte(server), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(envFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"release": relDir, "env": envFile} {
		if err := os.Symlink(target, filepath.Join(proc, link)); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	for _, e := range u["Service"]["Environment"] {
		e, err := expandSpecifiers(e, "web", "2")
		if err != nil {
			t.Fatal(err)
		}
		cmd.Env = append(cmd.Env, e)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ExecStart script: %v\n%s\nscript: %s", err, b, script)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	base := atoi(t, goConstText(t, "agent/internal/config/defaults.go", "DefaultBasePort"))
	want := fmt.Sprintf("PORT=%d\nASGCTL_RELEASE=r-0123456789ab\nASGCTL_CONFIG_REV=c-7\nASGCTL_PROCESS_INDEX=2\n", base+2)
	if string(got) != want {
		t.Errorf("the server saw\n%s\nwant\n%s", got, want)
	}

	// No env pointer: the agent never switched this process; do not start.
	if err := os.Remove(filepath.Join(proc, "env")); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("/bin/sh", "-c", script).Run(); err == nil {
		t.Error("ExecStart succeeded without the env pointer")
	}
}

// goConstText returns the source text of an integer constant.
func goConstText(t *testing.T, rel, name string) string {
	t.Helper()
	lit, ok := goConst(t, rel, name).(*ast.BasicLit)
	if !ok || lit.Kind != token.INT {
		t.Fatalf("%s: %s is not an integer literal", rel, name)
	}
	return lit.Value
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// hostUnitDir is the host's systemd system unit directory (with
// sysinit.target), which the verify root borrows.
func hostUnitDir() string {
	for _, d := range []string{"/usr/lib/systemd/system", "/lib/systemd/system"} {
		if _, err := os.Stat(filepath.Join(d, "sysinit.target")); err == nil {
			return d
		}
	}
	return ""
}

// verifyRoot lays the units out under a temporary root as the AMI installs
// them: the agent and controller units in /etc/systemd/system, the template
// in /usr/local/lib/asgctl/systemd/ linked as web@.service, stub
// executables where ExecStart points, and the host's own units (for
// sysinit.target and friends).
func verifyRoot(t *testing.T, sysdir string) string {
	t.Helper()
	root := t.TempDir()
	mk := func(rel string, data []byte, mode os.FileMode) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("systemd", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	stub := []byte("#!/bin/sh\nexit 0\n")
	for _, bin := range []string{"usr/local/bin/asgctl-agent", "usr/local/bin/asgctl", "bin/sh"} {
		mk(bin, stub, 0o755)
	}
	mk("etc/systemd/system/"+agentUnit, read(agentUnit), 0o644)
	mk("etc/systemd/system/"+controllerUnit, read(controllerUnit), 0o644)
	mk("usr/local/lib/asgctl/systemd/"+appUnit, read(appUnit), 0o644)
	// Relative, so that it resolves inside the root.
	if err := os.Symlink("../../../usr/local/lib/asgctl/systemd/"+appUnit, filepath.Join(root, "etc/systemd/system/web@.service")); err != nil {
		t.Fatal(err)
	}
	if err := copyTree(sysdir, filepath.Join(root, "usr/lib/systemd/system")); err != nil {
		t.Fatal(err)
	}
	return root
}

// copyTree copies the directory src to dst: files, directories and
// symlinks (as they are; the unit directory's are relative or name units
// in the same tree).
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(to, b, 0o644)
		}
	})
}

// TestSystemdAnalyzeVerify runs `systemd-analyze verify` on the units as
// the AMI installs them, in a temporary --root so the ExecStart binaries
// can be stubbed; any warning fails. It skips without systemd-analyze,
// and fails instead when CI=true.
func TestSystemdAnalyzeVerify(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		testenv.SkipOrFail(t, "systemd-analyze is not installed (install systemd); the units are only checked by the Go tests")
	}
	sysdir := hostUnitDir()
	if sysdir == "" {
		testenv.SkipOrFail(t, "no host systemd unit directory with sysinit.target")
	}
	root := verifyRoot(t, sysdir)
	verify := func(env []string, units ...string) (string, error) {
		cmd := exec.Command(sa, append([]string{"verify", "--man=no", "--root=" + root}, units...)...)
		cmd.Env = append(os.Environ(), env...)
		b, err := cmd.CombinedOutput()
		return string(b), err
	}

	units := []string{agentUnit, controllerUnit, "web@2.service"}
	out, err := verify(nil, units...)
	if err != nil || strings.TrimSpace(out) != "" {
		t.Fatalf("systemd-analyze verify %v: %v\n%s", units, err, out)
	}

	// The check is not vacuous: a broken unit in the same root is reported.
	if err := os.WriteFile(filepath.Join(root, "etc/systemd/system/broken.service"),
		[]byte("[Service]\nExecStart=/usr/local/bin/asgctl\nKillSignall=SIGTERM\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := verify(nil, "broken.service"); err == nil && !strings.Contains(out, "KillSignall") {
		t.Errorf("systemd-analyze verify did not report an unknown key; output:\n%s", out)
	}

	// The linked template resolves %p to the service and %i to the index
	// (systemd dumps the loaded unit at debug level).
	dump, err := verify([]string{"SYSTEMD_LOG_LEVEL=debug"}, "web@2.service")
	if err != nil {
		t.Fatalf("systemd-analyze verify web@2.service (debug): %v\n%s", err, dump)
	}
	if !strings.Contains(dump, "-> Unit web@2.service:") {
		t.Logf("this systemd-analyze prints no unit dump; %%p/%%i resolution not checked")
		return
	}
	release, env := appPaths(t)
	for _, want := range []string{
		"WorkingDirectory: " + strings.NewReplacer("%p", "web", "%i", "2").Replace(release),
		"EnvironmentFile: " + strings.NewReplacer("%p", "web", "%i", "2").Replace(env),
		"User: asgctl-web",
		"Group: asgctl-web",
	} {
		if !strings.Contains(dump, want) {
			t.Errorf("web@2.service as loaded by systemd lacks %q", want)
		}
	}
}
