package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// valid returns a defaulted config that passes Validate.
func valid() Config {
	return Config{
		Version: 1, Service: "web", Processes: 4, Argv: []string{"bin/web", "{port}"},
		Artifacts: Artifacts{Allow: []string{"s3://bucket/web/"}},
	}.WithDefaults()
}

func TestValidateAcceptsVariants(t *testing.T) {
	cases := map[string]func(*Config){
		"defaults": func(*Config) {},
		"haproxy": func(c *Config) {
			c.Listen = ""
			c.Rotation = Rotation{Driver: "haproxy", DrainTimeout: c.Rotation.DrainTimeout, // drain_long_lived: builtin only
				HAProxySocket: "/run/haproxy/admin.sock", HAProxyBackend: "web", HAProxyServer: "web-{index}"}
		},
		"nginx": func(c *Config) {
			c.Listen = ""
			c.Rotation = Rotation{Driver: "nginx", DrainTimeout: c.Rotation.DrainTimeout,
				NginxUpstreamFile: "/etc/nginx/conf.d/web.upstream", NginxPIDFile: "/run/nginx.pid",
				NginxConfFile: "/etc/nginx/nginx.conf"}
		},
		"systemd":       func(c *Config) { c.Supervisor.Driver = "systemd" },
		"no {port}":     func(c *Config) { c.Argv = []string{"bin/web"} },
		"64 processes":  func(c *Config) { c.Processes = 64 },
		"last port":     func(c *Config) { c.BasePort, c.Processes = 65532, 4 },
		"optional set":  func(c *Config) { c.InstanceID, c.Region, c.LifecycleHook = "i-0abc", "eu-west-1", "launch-hook" },
		"webhook":       func(c *Config) { c.Notify.WebhookURL = "https://hooks.slack.com/services/x" },
		"bucket root":   func(c *Config) { c.Artifacts.Allow = []string{"s3://bucket/"} },
		"absolute prog": func(c *Config) { c.Argv = []string{"/usr/bin/node", "app.js"} },
		"run_as name":   func(c *Config) { c.Supervisor.RunAs = "web" },
		"run_as uid":    func(c *Config) { c.Supervisor.RunAs = "65534:65534" },
		"env_allow":     func(c *Config) { c.EnvAllow = []string{"PATH", "LD_LIBRARY_PATH"} },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			c := valid()
			mutate(&c)
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestValidateRejects(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"version", func(c *Config) { c.Version = 2 }, "version: must be 1, got 2"},
		{"service missing", func(c *Config) { c.Service = "" }, "service: required"},
		{"service case", func(c *Config) { c.Service = "Web" }, `service: "Web" must be`},
		{"instance id", func(c *Config) { c.InstanceID = "i 1/x" }, "instance_id:"},
		{"region", func(c *Config) { c.Region = "mars" }, "region:"},
		{"consul address", func(c *Config) { c.Consul.Address = "localhost" }, "consul.address:"},
		{"token file relative", func(c *Config) { c.Consul.TokenFile = "token" }, "consul.token_file: \"token\" must be an absolute path"},
		{"zero processes", func(c *Config) { c.Processes = 0 }, "processes: must be 1-64, got 0"},
		{"65 processes", func(c *Config) { c.Processes = 65 }, "processes: must be 1-64, got 65"},
		{"no command", func(c *Config) { c.Argv = nil }, "command: required"},
		{"empty program", func(c *Config) { c.Argv = []string{""} }, "command: required"},
		{"unknown placeholder", func(c *Config) { c.Argv = []string{"bin/web", "{Port}"} }, "command[1]: unknown placeholder {Port}"},
		{"program placeholder", func(c *Config) { c.Argv = []string{"bin/{index}"} }, "command[0]: the program path must not contain placeholders"},
		{"program escapes", func(c *Config) { c.Argv = []string{"../../bin/sh"} }, "command[0]: \"../../bin/sh\" must stay inside"},
		{"port zero", func(c *Config) { c.BasePort = -1 }, "base_port: must be 1-65535"},
		{"port too high", func(c *Config) { c.BasePort = 70000 }, "base_port: must be 1-65535"},
		{"ports overflow", func(c *Config) { c.BasePort = 65534 }, "base_port: 65534 + 4 processes needs ports up to 65537"},
		{"listen overlaps", func(c *Config) { c.Listen = ":9002" }, "listen: port 9002 overlaps the process ports 9001-9004"},
		{"listen bad", func(c *Config) { c.Listen = "0.0.0.0:99999" }, "listen: \"0.0.0.0:99999\": port must be 1-65535"},
		{"listen with haproxy", func(c *Config) {
			c.Rotation.Driver, c.Rotation.HAProxySocket, c.Rotation.HAProxyBackend = "haproxy", "/run/h.sock", "web"
		}, "listen: is only used by the builtin rotation driver"},
		{"health path", func(c *Config) { c.Health.Path = "ping" }, "health.path: \"ping\" must start with /"},
		{"health interval", func(c *Config) { c.Health.Interval = api.Duration(-time.Second) }, "health.interval: must be a positive duration"},
		{"health successes", func(c *Config) { c.Health.Successes = 101 }, "health.successes: must be 1-100"},
		{"health timeout short", func(c *Config) { c.Health.Timeout = api.Duration(time.Second) }, "health.timeout: 1s is shorter than 3 successes 500ms apart"},
		{"rotation driver", func(c *Config) { c.Rotation.Driver = "envoy" }, "rotation.driver: \"envoy\" must be builtin, haproxy or nginx"},
		{"drain timeout", func(c *Config) { c.Rotation.DrainTimeout = api.Duration(-1) }, "rotation.drain_timeout: must be a positive duration"},
		{"haproxy missing", func(c *Config) { c.Listen, c.Rotation.Driver = "", "haproxy" }, "rotation.haproxy_socket: required"},
		{"haproxy backend", func(c *Config) { c.Listen, c.Rotation.Driver = "", "haproxy" }, "rotation.haproxy_backend: required with rotation.driver \"haproxy\""},
		{"nginx missing", func(c *Config) { c.Listen, c.Rotation.Driver = "", "nginx" }, "rotation.nginx_pid_file: required"},
		{"stray haproxy field", func(c *Config) { c.Rotation.HAProxySocket = "/x" }, "rotation.haproxy_socket: is set but rotation.driver is \"builtin\""},
		{"supervisor driver", func(c *Config) { c.Supervisor.Driver = "runit" }, "supervisor.driver: \"runit\" must be exec or systemd"},
		{"stop timeout", func(c *Config) { c.Supervisor.StopTimeout = api.Duration(-1) }, "supervisor.stop_timeout: must be a positive duration"},
		{"systemd unit index", func(c *Config) { c.Supervisor.Driver, c.Supervisor.Unit = "systemd", "web.service" }, "supervisor.unit: \"web.service\" must contain {index}"},
		{"systemd unit suffix", func(c *Config) { c.Supervisor.Driver, c.Supervisor.Unit = "systemd", "web@{index}" }, "must be a unit name ending in .service"},
		{"dir relative", func(c *Config) { c.Dirs.Env = "env" }, "dirs.env: \"env\" must be an absolute path"},
		{"dir unclean", func(c *Config) { c.Dirs.State = "/var/lib/x/" }, "dirs.state: \"/var/lib/x/\" must be a clean path"},
		{"dir duplicate", func(c *Config) { c.Dirs.State = c.Dirs.Env }, "dirs.state: \"/srv/web/env\" is the same directory as dirs.env"},
		{"allow empty", func(c *Config) { c.Artifacts.Allow = nil }, "artifacts.allow: required"},
		{"allow https", func(c *Config) { c.Artifacts.Allow = []string{"https://b/web/"} }, "artifacts.allow[0]: \"https://b/web/\" must start with s3://"},
		{"allow no slash", func(c *Config) { c.Artifacts.Allow = []string{"s3://bucket/web"} }, "must end with /"},
		{"allow bad bucket", func(c *Config) { c.Artifacts.Allow = []string{"s3://B/"} }, "is not an S3 bucket name"},
		{"allow dotdot", func(c *Config) { c.Artifacts.Allow = []string{"s3://bucket/web/../"} }, "'..' path segments"},
		{"public key relative", func(c *Config) { c.Artifacts.PublicKeyFile = "key.pub" }, "artifacts.public_key_file:"},
		{"max bytes", func(c *Config) { c.Artifacts.MaxBytes = -1 }, "artifacts.max_bytes: must be positive"},
		{"max entries", func(c *Config) { c.Artifacts.MaxEntries = -1 }, "artifacts.max_entries: must be positive"},
		{"max ratio", func(c *Config) { c.Artifacts.MaxRatio = -1 }, "artifacts.max_ratio: must be positive"},
		{"hook", func(c *Config) { c.LifecycleHook = "has space" }, "lifecycle_hook:"},
		{"webhook scheme", func(c *Config) { c.Notify.WebhookURL = "ftp://x/y" }, "notify.webhook_url: \"ftp://x/y\" must be an http(s) URL"},
		{"settle", func(c *Config) { c.Health.Settle = api.Duration(-1) }, "health.settle: must be a positive duration"},
		{"long-lived over drain", func(c *Config) { c.Rotation.DrainLongLived = api.Duration(time.Hour) }, "rotation.drain_long_lived: 1h0m0s is longer than rotation.drain_timeout"},
		{"long-lived with haproxy", func(c *Config) {
			c.Listen, c.Rotation.Driver, c.Rotation.HAProxySocket, c.Rotation.HAProxyBackend = "", "haproxy", "/run/h.sock", "web"
		}, "rotation.drain_long_lived: is set but rotation.driver is \"haproxy\""},
		{"run_as bad", func(c *Config) { c.Supervisor.RunAs = "Web User" }, "supervisor.run_as: \"Web User\" must be a user name or uid[:gid]"},
		{"run_as systemd", func(c *Config) { c.Supervisor.Driver, c.Supervisor.RunAs = "systemd", "web" }, "supervisor.run_as: applies to the exec supervisor"},
		{"env_allow", func(c *Config) { c.EnvAllow = []string{"PATH", "DATABASE_URL"} }, "env_allow[1]: \"DATABASE_URL\" is not on the denylist"},
		{"download timeout", func(c *Config) { c.Artifacts.DownloadTimeout = api.Duration(-1) }, "artifacts.download_timeout: must be a positive duration"},
		{"stall timeout", func(c *Config) { c.Artifacts.StallTimeout = api.Duration(-1) }, "artifacts.stall_timeout: must be a positive duration"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := valid()
			c.mutate(&cfg)
			err := cfg.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v\nwant it to contain %q", err, c.want)
			}
		})
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	c := Config{}.WithDefaults()
	err := c.Validate()
	var ve *api.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want *api.ValidationError", err)
	}
	for _, field := range []string{"version:", "service:", "processes:", "command:", "dirs.releases:", "artifacts.allow:"} {
		if !strings.Contains(err.Error(), field) {
			t.Errorf("error does not mention %s:\n%v", field, err)
		}
	}
}
