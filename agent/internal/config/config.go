package config

import "github.com/asgctl/asgctl/controller/api"

// Version is the only config file version this agent reads.
const Version = 1

// Config is the agent's configuration file.
type Config struct {
	Version       int        `json:"version"`
	Service       string     `json:"service"`
	InstanceID    string     `json:"instance_id"` // empty: ask IMDSv2
	Region        string     `json:"region"`      // empty: ask IMDSv2 / AWS_REGION
	Consul        Consul     `json:"consul"`
	Processes     int        `json:"processes"`
	Argv          []string   `json:"command"` // the command template: relative to the release dir; {port} and {index} substituted
	BasePort      int        `json:"base_port"`
	Listen        string     `json:"listen"` // builtin rotation only
	Health        Health     `json:"health"`
	Rotation      Rotation   `json:"rotation"`
	Supervisor    Supervisor `json:"supervisor"`
	Dirs          Dirs       `json:"dirs"`
	Artifacts     Artifacts  `json:"artifacts"`
	LifecycleHook string     `json:"lifecycle_hook"` // empty: none
	Notify        Notify     `json:"notify"`
	// EnvAllow lists denylisted variables (api.DeniedEnv) that config may
	// set on this box after all, such as PATH.
	EnvAllow []string `json:"env_allow"`
}

// Consul says where the agent's Consul agent is.
type Consul struct {
	Address   string `json:"address"`    // host:port
	TokenFile string `json:"token_file"` // empty: no token
}

// Health is the k-of-n check on a process's own port.
type Health struct {
	Path      string       `json:"path"`
	Interval  api.Duration `json:"interval"`
	Successes int          `json:"successes"`
	Timeout   api.Duration `json:"timeout"`
	// Settle is how long a process must keep running after it passed its
	// check during a release; dying within it fails the release on this box.
	Settle api.Duration `json:"settle"`
}

// Rotation drivers.
const (
	RotationBuiltin = "builtin"
	RotationHAProxy = "haproxy"
	RotationNginx   = "nginx"
)

// Rotation selects and configures how processes enter and leave rotation.
type Rotation struct {
	Driver       string       `json:"driver"`
	DrainTimeout api.Duration `json:"drain_timeout"`
	// DrainLongLived caps the wait for upgraded (websocket) and streaming
	// (server-sent events) requests, which may never end by themselves
	// (builtin driver; the others cannot tell them apart).
	DrainLongLived    api.Duration `json:"drain_long_lived"`
	HAProxySocket     string       `json:"haproxy_socket"`
	HAProxyBackend    string       `json:"haproxy_backend"`
	HAProxyServer     string       `json:"haproxy_server"` // server name of process k; {index} and {port} substituted
	NginxUpstreamFile string       `json:"nginx_upstream_file"`
	NginxPIDFile      string       `json:"nginx_pid_file"`
	NginxConfFile     string       `json:"nginx_conf_file"` // checked with nginx -t before each reload
}

// Supervisor drivers.
const (
	SupervisorExec    = "exec"
	SupervisorSystemd = "systemd"
)

// Supervisor selects and configures how processes are run.
type Supervisor struct {
	Driver      string       `json:"driver"`
	StopTimeout api.Duration `json:"stop_timeout"`
	Unit        string       `json:"unit"` // systemd template unit; {index} substituted
	// RunAs is the user the exec supervisor runs processes as: a name, or
	// uid[:gid] (empty: the agent's own user). The systemd units set User=.
	RunAs string `json:"run_as"`
}

// Dirs are the agent's absolute working directories.
type Dirs struct {
	Releases string `json:"releases"`
	Env      string `json:"env"`
	State    string `json:"state"`
}

// Artifacts limits which release artifacts are fetched and how they unpack.
type Artifacts struct {
	Allow         []string `json:"allow"` // s3://bucket/prefix/ entries
	PublicKeyFile string   `json:"public_key_file"`
	MaxBytes      int64    `json:"max_bytes"`
	MaxEntries    int      `json:"max_entries"`
	MaxRatio      int      `json:"max_ratio"`
	// DownloadTimeout bounds one download; StallTimeout ends one that
	// received no byte for that long. Both are retried with backoff.
	DownloadTimeout api.Duration `json:"download_timeout"`
	StallTimeout    api.Duration `json:"stall_timeout"`
}

// Notify configures the optional chat webhook.
type Notify struct {
	WebhookURL string `json:"webhook_url"`
}
