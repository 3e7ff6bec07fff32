package config

import (
	"path/filepath"
	"strconv"
	"strings"
)

// Port is the port process k (0-based) listens on.
func (c *Config) Port(k int) int { return c.BasePort + k }

// Command returns process k's argv: {port} and {index} substituted in every
// argument, and a relative program path resolved against releaseDir.
func (c *Config) Command(k int, releaseDir string) []string {
	r := c.replacer(k)
	out := make([]string, len(c.Argv))
	for i, a := range c.Argv {
		out[i] = r.Replace(a)
	}
	if len(out) > 0 && !filepath.IsAbs(out[0]) {
		out[0] = filepath.Join(releaseDir, out[0])
	}
	return out
}

// Env returns the variables set for process k besides the env file:
// PORT and ASGCTL_PROCESS_INDEX.
func (c *Config) Env(k int) []string {
	return []string{
		"PORT=" + strconv.Itoa(c.Port(k)),
		"ASGCTL_PROCESS_INDEX=" + strconv.Itoa(k),
	}
}

// Unit returns the systemd unit name of process k.
func (c *Config) Unit(k int) string { return c.replacer(k).Replace(c.Supervisor.Unit) }

func (c *Config) replacer(k int) *strings.Replacer {
	return strings.NewReplacer("{port}", strconv.Itoa(c.Port(k)), "{index}", strconv.Itoa(k))
}

// HAProxyServer returns the HAProxy server name of process k.
func (c *Config) HAProxyServer(k int) string {
	return c.replacer(k).Replace(c.Rotation.HAProxyServer)
}
