package config

import "strings"

func (c *Config) validateRotation(p *problems) {
	r := c.Rotation
	positive(p, "rotation.drain_timeout", r.DrainTimeout)
	switch {
	case r.Driver != RotationBuiltin && r.DrainLongLived != 0:
		p.add("rotation.drain_long_lived", "is set but rotation.driver is %q (only the builtin proxy tells long-lived requests apart)", r.Driver)
	case r.Driver == RotationBuiltin && r.DrainLongLived.D() <= 0:
		p.add("rotation.drain_long_lived", "must be a positive duration, got %s", r.DrainLongLived.D())
	case r.DrainLongLived > r.DrainTimeout:
		p.add("rotation.drain_long_lived", "%s is longer than rotation.drain_timeout %s", r.DrainLongLived.D(), r.DrainTimeout.D())
	}
	haproxy := r.Driver == RotationHAProxy
	nginx := r.Driver == RotationNginx
	switch r.Driver {
	case RotationBuiltin, RotationHAProxy, RotationNginx:
	default:
		p.add("rotation.driver", "%q must be builtin, haproxy or nginx", r.Driver)
		return
	}
	driverField(p, "rotation.haproxy_socket", r.HAProxySocket, haproxy, true, r.Driver)
	driverField(p, "rotation.haproxy_backend", r.HAProxyBackend, haproxy, false, r.Driver)
	if haproxy && strings.ContainsAny(r.HAProxyBackend, " /") {
		p.add("rotation.haproxy_backend", "%q must be a backend name without spaces or '/'", r.HAProxyBackend)
	}
	driverField(p, "rotation.haproxy_server", r.HAProxyServer, haproxy, false, r.Driver)
	if haproxy && strings.ContainsAny(r.HAProxyServer, " /") {
		p.add("rotation.haproxy_server", "%q must be a server name template without spaces or '/'", r.HAProxyServer)
	}
	driverField(p, "rotation.nginx_conf_file", r.NginxConfFile, nginx, true, r.Driver)
	driverField(p, "rotation.nginx_upstream_file", r.NginxUpstreamFile, nginx, true, r.Driver)
	driverField(p, "rotation.nginx_pid_file", r.NginxPIDFile, nginx, true, r.Driver)
}

// driverField requires a driver-specific setting when its driver is chosen
// and rejects it otherwise, so a setting never silently does nothing.
func driverField(p *problems, field, v string, used, path bool, driver string) {
	switch {
	case !used && v != "":
		p.add(field, "is set but rotation.driver is %q", driver)
	case used && path:
		absPath(p, field, v)
	case used && v == "":
		p.add(field, "required with rotation.driver %q", driver)
	}
}

func (c *Config) validateSupervisor(p *problems) {
	s := c.Supervisor
	positive(p, "supervisor.stop_timeout", s.StopTimeout)
	if s.RunAs != "" {
		if err := checkRunAs(s.RunAs); err != nil {
			p.add("supervisor.run_as", "%v", err)
		}
		if s.Driver == SupervisorSystemd {
			p.add("supervisor.run_as", "applies to the exec supervisor; with systemd set User= in the unit")
		}
	}
	switch s.Driver {
	case SupervisorExec:
	case SupervisorSystemd:
		switch {
		case s.Unit == "":
			p.add("supervisor.unit", "required with supervisor.driver \"systemd\"")
		case !strings.Contains(s.Unit, "{index}"):
			p.add("supervisor.unit", "%q must contain {index} so each process has its own unit", s.Unit)
		case !strings.HasSuffix(s.Unit, ".service") || strings.ContainsAny(s.Unit, " /"):
			p.add("supervisor.unit", "%q must be a unit name ending in .service", s.Unit)
		}
	default:
		p.add("supervisor.driver", "%q must be exec or systemd", s.Driver)
	}
}
