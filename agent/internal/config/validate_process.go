package config

import (
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func (c *Config) validateProcesses(p *problems) {
	if c.Processes < 1 || c.Processes > MaxProcesses {
		p.add("processes", "must be 1-%d, got %d", MaxProcesses, c.Processes)
	}
	if len(c.Argv) == 0 || c.Argv[0] == "" {
		p.add("command", "required: the program (relative to the release dir) and its arguments")
		return
	}
	for i, a := range c.Argv {
		for _, ph := range placeholder.FindAllString(a, -1) {
			if ph != "{port}" && ph != "{index}" {
				p.add(fmt.Sprintf("command[%d]", i), "unknown placeholder %s (only {port} and {index}; PORT and ASGCTL_PROCESS_INDEX are also set in the environment)", ph)
			}
		}
	}
	prog := c.Argv[0]
	if strings.Contains(prog, "{") {
		p.add("command[0]", "the program path must not contain placeholders")
	}
	if !filepath.IsAbs(prog) && !filepath.IsLocal(prog) {
		p.add("command[0]", "%q must stay inside the release dir (no '..')", prog)
	}
}

func (c *Config) validatePorts(p *problems) {
	if c.BasePort < 1 || c.BasePort > 65535 {
		p.add("base_port", "must be 1-65535, got %d", c.BasePort)
	} else if last := c.BasePort + c.Processes - 1; c.Processes > 0 && last > 65535 {
		p.add("base_port", "%d + %d processes needs ports up to %d, past 65535", c.BasePort, c.Processes, last)
	}
	if c.Rotation.Driver != RotationBuiltin {
		if c.Listen != "" {
			p.add("listen", "is only used by the builtin rotation driver, not %q", c.Rotation.Driver)
		}
		return
	}
	if err := checkHostPort(c.Listen); err != nil {
		p.add("listen", "%v", err)
		return
	}
	_, ps, _ := net.SplitHostPort(c.Listen)
	port, _ := strconv.Atoi(ps)
	if n := max(c.Processes, 1); port >= c.BasePort && port < c.BasePort+n {
		p.add("listen", "port %d overlaps the process ports %d-%d", port, c.BasePort, c.BasePort+n-1)
	}
}

func checkHostPort(addr string) error {
	if addr == "" {
		return fmt.Errorf("required (host:port)")
	}
	_, ps, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port: %w", addr, err)
	}
	port, err := strconv.Atoi(ps)
	if err != nil || port < 1 || port > 65535 {
		return fmt.Errorf("%q: port must be 1-65535", addr)
	}
	return nil
}

func (c *Config) validateHealth(p *problems) {
	h := c.Health
	if !strings.HasPrefix(h.Path, "/") {
		p.add("health.path", "%q must start with /", h.Path)
	}
	positive(p, "health.interval", h.Interval)
	atLeast(p, "health.interval", h.Interval.D(), 10*time.Millisecond)
	if h.Successes < 1 || h.Successes > MaxSuccesses {
		p.add("health.successes", "must be 1-%d, got %d", MaxSuccesses, h.Successes)
	}
	positive(p, "health.timeout", h.Timeout)
	positive(p, "health.settle", h.Settle)
	if h.Interval > 0 && h.Successes > 0 && h.Timeout.D() < h.Interval.D()*time.Duration(h.Successes) {
		p.add("health.timeout", "%s is shorter than %d successes %s apart", h.Timeout.D(), h.Successes, h.Interval.D())
	}
}
