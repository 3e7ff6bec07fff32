package agenthost

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/asgctl/asgctl/controller/internal/awsapi/simaws"
)

// Defaults of Config.
const (
	DefaultProcesses = 2
	DefaultProbe     = 250 * time.Millisecond
	stopGrace        = 30 * time.Second
)

// Config says how the host runs instances.
type Config struct {
	Bins       Binaries
	Dir        string // instance directories go under it
	Service    string
	Region     string
	ConsulAddr string // host:port of the Consul API the agents use
	// ConsulTokenFile is the agents' Consul ACL token file; "" sends none.
	ConsulTokenFile string
	S3Endpoint      string // http://host:port of the object store
	Allow           string // the artifact allowlist entry, s3://bucket/prefix/
	Processes       int    // service processes per instance; 0 is DefaultProcesses
	// AppArgs gives extra sample-app arguments for instances launched from
	// ami (say, "--fail-health" for an AMI that never gets healthy).
	AppArgs func(ami string) []string
	Probe   time.Duration // health probe period; 0 is DefaultProbe
	Log     *slog.Logger
}

// Host is a simaws.Host running one asgctl-agent per instance.
type Host struct {
	cfg    Config
	client *http.Client
	mu     sync.Mutex
	insts  map[string]*instance
	closed bool // Close was called: Start is refused
	wg     sync.WaitGroup
}

var _ simaws.Host = (*Host)(nil)

// instance is one running agent.
type instance struct {
	id, listen string
	healthy    atomic.Bool
	stop       chan struct{}
	stopOnce   sync.Once
	cmd        *exec.Cmd
}

// New returns a host for cfg.
func New(cfg Config) *Host {
	if cfg.Processes == 0 {
		cfg.Processes = DefaultProcesses
	}
	if cfg.Probe == 0 {
		cfg.Probe = DefaultProbe
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.AppArgs == nil {
		cfg.AppArgs = func(string) []string { return nil }
	}
	return &Host{cfg: cfg, insts: map[string]*instance{},
		client: &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}}
}

// Start launches id's agent in the background.
func (h *Host) Start(id, ami string) {
	inst := &instance{id: id, stop: make(chan struct{})}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		h.cfg.Log.Warn("instance not started: the host is closed", "instance", id)
		return
	}
	h.insts[id] = inst
	h.wg.Add(1)
	h.mu.Unlock()
	go func() {
		defer h.wg.Done()
		if err := h.run(inst, ami); err != nil {
			h.cfg.Log.Error("instance agent did not run", "instance", id, "error", err)
		}
	}()
}

// Healthy reports id's last probe.
func (h *Host) Healthy(id string) bool {
	if inst := h.get(id); inst != nil {
		return inst.healthy.Load()
	}
	return false
}

// Stop stops id's agent gracefully, in the background.
func (h *Host) Stop(id string) {
	if inst := h.get(id); inst != nil {
		inst.stopOnce.Do(func() { close(inst.stop) })
	}
}

// Addr returns the address id's traffic port listens on.
func (h *Host) Addr(id string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	inst := h.insts[id]
	if inst == nil || inst.listen == "" {
		return "", false
	}
	return inst.listen, true
}

// Close stops every agent and waits for them; later Starts are refused.
func (h *Host) Close() {
	h.mu.Lock()
	h.closed = true
	for _, inst := range h.insts {
		inst.stopOnce.Do(func() { close(inst.stop) })
	}
	h.mu.Unlock()
	h.wg.Wait()
}

func (h *Host) get(id string) *instance {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.insts[id]
}

// run starts the agent, probes it until told to stop, then stops it.
func (h *Host) run(inst *instance, ami string) error {
	listen, base, err := ports(h.cfg.Processes)
	if err != nil {
		return err
	}
	dir := filepath.Join(h.cfg.Dir, inst.id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cfgPath, err := h.writeConfig(dir, inst.id, listen, base, ami)
	if err != nil {
		return err
	}
	logf, err := os.Create(filepath.Join(dir, "agent.log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	agent := h.cfg.Bins.Agent
	cmd := exec.Command(agent.Path, agent.argv("--config", cfgPath)...)
	cmd.Env = append(os.Environ(), "AWS_ENDPOINT_URL_S3="+h.cfg.S3Endpoint, "AWS_ACCESS_KEY_ID=sandbox",
		"AWS_SECRET_ACCESS_KEY=sandbox", "AWS_REGION="+h.cfg.Region)
	cmd.Stdout, cmd.Stderr = logf, logf
	// Its own process group (signals to the sandbox do not reach it
	// directly), and SIGTERM should the sandbox die without stopping it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start asgctl-agent: %w", err)
	}
	h.mu.Lock()
	inst.listen, inst.cmd = listen, cmd
	h.mu.Unlock()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	h.cfg.Log.Info("instance agent started", "instance", inst.id, "listen", listen, "ami", ami)
	h.probe(inst, listen, exited)
	return stopAgent(cmd, exited)
}

// probe checks GET /ping on the traffic port every Probe until the
// instance is stopped or the agent exits.
func (h *Host) probe(inst *instance, listen string, exited <-chan struct{}) {
	t := time.NewTicker(h.cfg.Probe)
	defer t.Stop()
	for {
		select {
		case <-inst.stop:
			inst.healthy.Store(false)
			return
		case <-exited:
			inst.healthy.Store(false)
			return
		case <-t.C:
		}
		inst.healthy.Store(h.ping(listen))
	}
}

func (h *Host) ping(addr string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/ping", nil)
	if err != nil {
		return false
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// stopAgent sends SIGTERM (the agent drains and stops its processes) and
// kills the process group if it has not exited within stopGrace.
func stopAgent(cmd *exec.Cmd, exited <-chan struct{}) error {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
		return nil
	case <-time.After(stopGrace):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		return fmt.Errorf("asgctl-agent pid %d did not stop within %s; killed", cmd.Process.Pid, stopGrace)
	}
}

// writeConfig writes the instance's agent config and returns its path.
func (h *Host) writeConfig(dir, id, listen string, base int, ami string) (string, error) {
	command := append([]string{"bin/app"}, h.cfg.AppArgs(ami)...)
	cfg := map[string]any{
		"version": 1, "service": h.cfg.Service, "instance_id": id, "region": h.cfg.Region,
		"consul": map[string]any{"address": h.cfg.ConsulAddr, "token_file": h.cfg.ConsulTokenFile}, "processes": h.cfg.Processes,
		"command": command, "base_port": base, "listen": listen,
		"health":     map[string]any{"path": "/ping", "interval": "100ms", "successes": 2, "timeout": "5s"},
		"rotation":   map[string]any{"driver": "builtin", "drain_timeout": "5s"},
		"supervisor": map[string]any{"driver": "exec", "stop_timeout": "5s"},
		"dirs": map[string]any{"releases": filepath.Join(dir, "releases"), "env": filepath.Join(dir, "env"),
			"state": filepath.Join(dir, "state")},
		"artifacts": map[string]any{"allow": []string{h.cfg.Allow}},
	}
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "agent.json")
	return path, os.WriteFile(path, data, 0o600)
}
