package rotate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/asgctl/asgctl/agent/internal/atomicfile"
)

// renderUpstream returns the include file: one server line per index,
// ascending, with `down` on drained ones.
func (n *Nginx) renderUpstream() []byte {
	idx := make([]int, 0, len(n.cfg.Servers))
	for i := range n.cfg.Servers {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var b bytes.Buffer
	b.WriteString("# rendered by asgctl-agent (nginx rotation); do not edit\n")
	for _, i := range idx {
		line := "server " + n.cfg.Servers[i]
		if p := strings.TrimSpace(n.cfg.ServerParams); p != "" {
			line += " " + p
		}
		if n.down[i] {
			line += " down"
		}
		fmt.Fprintf(&b, "%s; # process %d\n", line, i)
	}
	return b.Bytes()
}

// writeUpstream writes the include file atomically.
func (n *Nginx) writeUpstream() error {
	if err := atomicfile.Write(n.cfg.UpstreamFile, n.renderUpstream(), 0o644); err != nil {
		return fmt.Errorf("nginx upstream file %s: %w", n.cfg.UpstreamFile, err)
	}
	return nil
}

// check runs `nginx -t -c CONF [TestArgs]`.
func (n *Nginx) check(ctx context.Context) error {
	args := append([]string{"-t", "-q", "-c", n.cfg.ConfFile}, n.cfg.TestArgs...)
	out, err := exec.CommandContext(ctx, n.cfg.Binary, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w: %s", n.cfg.Binary, strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// masterPid reads the nginx master's pid from the pid file.
func (n *Nginx) masterPid() (int, error) {
	b, err := os.ReadFile(n.cfg.PidFile)
	if err != nil {
		return 0, fmt.Errorf("nginx reload: %w", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		return 0, fmt.Errorf("nginx reload: bad pid %q in %s", bytes.TrimSpace(b), n.cfg.PidFile)
	}
	return pid, nil
}

// reload sends SIGHUP to the master: a graceful reload (new workers take
// the new config; the master signals the old ones ~100 ms later, and they
// finish their in-flight requests and exit).
func (n *Nginx) reload(master int) error {
	if err := syscall.Kill(master, syscall.SIGHUP); err != nil {
		return fmt.Errorf("nginx reload: SIGHUP to master pid %d: %w", master, err)
	}
	return nil
}
