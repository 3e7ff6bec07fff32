package config

import (
	"slices"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// Defaults for settings left unset (zero) in the file.
const (
	DefaultConsulAddress   = "127.0.0.1:8500"
	DefaultBasePort        = 9001
	DefaultListen          = "0.0.0.0:8080"
	DefaultHealthPath      = "/ping"
	DefaultInterval        = 500 * time.Millisecond
	DefaultSuccesses       = 3
	DefaultHealthTimeout   = 60 * time.Second
	DefaultDrainTimeout    = 30 * time.Second
	DefaultDrainLongLived  = 5 * time.Second
	DefaultSettleChecks    = 3 // health intervals
	DefaultDownloadTimeout = 15 * time.Minute
	DefaultStallTimeout    = 30 * time.Second
	DefaultStopTimeout     = 30 * time.Second
	DefaultMaxBytes        = 2 << 30
	DefaultMaxEntries      = 100000
	DefaultMaxRatio        = 100
	DefaultHAProxyServer   = "p{index}"
	DefaultNginxConfFile   = "/etc/nginx/nginx.conf"
)

// WithDefaults returns a copy with every unset setting filled in. Zero
// values count as unset; processes, command, service and artifacts.allow
// have no default. Directory and unit defaults derive from the service.
func (c Config) WithDefaults() Config {
	c.Argv = slices.Clone(c.Argv)
	c.Artifacts.Allow = slices.Clone(c.Artifacts.Allow)
	c.EnvAllow = slices.Clone(c.EnvAllow)
	setStr(&c.Consul.Address, DefaultConsulAddress)
	setInt(&c.BasePort, DefaultBasePort)
	setStr(&c.Rotation.Driver, RotationBuiltin)
	if c.Rotation.Driver == RotationBuiltin {
		setStr(&c.Listen, DefaultListen)
	}
	switch c.Rotation.Driver {
	case RotationHAProxy:
		setStr(&c.Rotation.HAProxyServer, DefaultHAProxyServer)
	case RotationNginx:
		setStr(&c.Rotation.NginxConfFile, DefaultNginxConfFile)
	}
	setStr(&c.Health.Path, DefaultHealthPath)
	setDur(&c.Health.Interval, DefaultInterval)
	setInt(&c.Health.Successes, DefaultSuccesses)
	setDur(&c.Health.Timeout, DefaultHealthTimeout)
	setDur(&c.Health.Settle, DefaultSettleChecks*c.Health.Interval.D())
	setDur(&c.Rotation.DrainTimeout, DefaultDrainTimeout)
	if c.Rotation.Driver == RotationBuiltin {
		setDur(&c.Rotation.DrainLongLived, min(DefaultDrainLongLived, c.Rotation.DrainTimeout.D()))
	}
	setDur(&c.Artifacts.DownloadTimeout, DefaultDownloadTimeout)
	setDur(&c.Artifacts.StallTimeout, DefaultStallTimeout)
	setStr(&c.Supervisor.Driver, SupervisorExec)
	setDur(&c.Supervisor.StopTimeout, DefaultStopTimeout)
	if c.Service != "" {
		setStr(&c.Supervisor.Unit, c.Service+"@{index}.service")
		setStr(&c.Dirs.Releases, "/srv/"+c.Service+"/releases")
		setStr(&c.Dirs.Env, "/srv/"+c.Service+"/env")
		setStr(&c.Dirs.State, "/var/lib/asgctl-agent/"+c.Service)
	}
	if c.Artifacts.MaxBytes == 0 {
		c.Artifacts.MaxBytes = DefaultMaxBytes
	}
	setInt(&c.Artifacts.MaxEntries, DefaultMaxEntries)
	setInt(&c.Artifacts.MaxRatio, DefaultMaxRatio)
	return c
}

func setStr(v *string, d string) {
	if *v == "" {
		*v = d
	}
}

func setInt(v *int, d int) {
	if *v == 0 {
		*v = d
	}
}

func setDur(v *api.Duration, d time.Duration) {
	if *v == 0 {
		*v = api.Duration(d)
	}
}
