package e2e_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/integration/motoserver"
	"github.com/asgctl/asgctl/internal/freeport"
)

const (
	service    = "web"
	instanceID = "i-0e2e000000000001"
	nProcs     = 4
)

// box is one simulated instance: an agent config, its directories, the
// running asgctl-agent, and the Consul and moto it talks to.
type box struct {
	t          *testing.T
	instance   string
	dir        string
	cfgPath    string
	consulAddr string
	moto       *motoserver.Server
	bucket     string
	basePort   int
	listen     string // builtin rotation address
	agent      *exec.Cmd
	agentDone  chan struct{}
	logPath    string
	cfg        map[string]any // the agent config, written at each start
	env        []string       // extra environment of the agent
}

// rotation is the driver part of the agent config.
type rotation map[string]any

// newBox prepares a box whose agent uses rot (nil: builtin on a free port)
// and consul at consulAddr, with its own moto bucket. It does not start
// the agent.
func newBox(t *testing.T, consulAddr string, rot rotation) *box {
	t.Helper()
	b := boxOn(t, consulAddr, moto.Server(t), testBucket(t), instanceID, rot)
	b.createBucket()
	return b
}

// testBucket is the bucket name of the running test.
func testBucket(t *testing.T) string {
	bucket := "releases-" + strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	if len(bucket) > 60 {
		bucket = bucket[:60]
	}
	return strings.TrimRight(bucket, "-")
}

// boxOn prepares instance's box on the given Consul, moto server and
// (existing) bucket. It does not start the agent.
func boxOn(t *testing.T, consulAddr string, srv *motoserver.Server, bucket, instance string, rot rotation) *box {
	t.Helper()
	b := &box{t: t, instance: instance, dir: t.TempDir(), consulAddr: consulAddr, moto: srv, bucket: bucket,
		basePort: freeRange(t, nProcs)}
	cfg := map[string]any{
		"version": 1, "service": service, "instance_id": instance, "region": motoserver.Region,
		"consul":    map[string]any{"address": consulAddr},
		"processes": nProcs, "command": []string{"bin/app"}, "base_port": b.basePort,
		"health":     map[string]any{"path": "/ping", "interval": "100ms", "successes": 3, "timeout": "5s"},
		"supervisor": map[string]any{"driver": "exec", "stop_timeout": "10s"},
		"dirs": map[string]any{"releases": filepath.Join(b.dir, "releases"), "env": filepath.Join(b.dir, "env"),
			"state": filepath.Join(b.dir, "state")},
		"artifacts": map[string]any{"allow": []string{"s3://" + b.bucket + "/web/"}},
	}
	if rot == nil {
		rot = rotation{"driver": "builtin"}
	}
	if d, set := rot["driver"]; !set || d == "builtin" {
		b.listen = fmt.Sprintf("127.0.0.1:%d", freeRange(t, 1))
		cfg["listen"] = b.listen
	}
	if _, ok := rot["drain_timeout"]; !ok {
		rot["drain_timeout"] = "10s"
	}
	cfg["rotation"] = rot
	b.cfg = cfg
	b.cfgPath = filepath.Join(b.dir, "agent.json")
	b.logPath = filepath.Join(b.dir, "agent.log")
	t.Cleanup(b.cleanup)
	return b
}

// url is where the load goes for the builtin driver.
func (b *box) url() string { return "http://" + b.listen + "/" }

// startAgent runs asgctl-agent with moto as its S3.
func (b *box) startAgent() {
	b.t.Helper()
	data, err := json.MarshalIndent(b.cfg, "", "  ")
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(b.cfgPath, data, 0o600); err != nil {
		b.t.Fatal(err)
	}
	logf, err := os.OpenFile(b.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		b.t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(bins.agent, "--config", b.cfgPath, "--log-level", "debug")
	cmd.Env = append(os.Environ(), "AWS_ENDPOINT_URL_S3="+b.moto.URL, "AWS_ACCESS_KEY_ID=test",
		"AWS_SECRET_ACCESS_KEY=test", "AWS_REGION="+motoserver.Region)
	cmd.Env = append(cmd.Env, b.env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		b.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	b.agent, b.agentDone = cmd, done
}

// stopAgent sends SIGTERM and waits for a graceful exit.
func (b *box) stopAgent() {
	b.t.Helper()
	if b.agent == nil {
		return
	}
	_ = b.agent.Process.Signal(syscall.SIGTERM)
	select {
	case <-b.agentDone:
	case <-time.After(90 * time.Second):
		_ = b.agent.Process.Kill()
		<-b.agentDone
		b.t.Error("agent did not stop within 90s of SIGTERM")
	}
	b.agent = nil
}

// killAgent sends SIGKILL to the agent only; its children keep running.
func (b *box) killAgent() {
	b.t.Helper()
	_ = b.agent.Process.Kill()
	<-b.agentDone
	b.agent = nil
}

// cleanup stops the agent, then kills any process the state file still
// names (a test that failed half way), and shows the agent log on failure.
func (b *box) cleanup() {
	b.stopAgent()
	for _, p := range b.state().Procs {
		if p.PID > 0 {
			_ = syscall.Kill(-p.PID, syscall.SIGKILL)
		}
	}
	if b.t.Failed() {
		data, _ := os.ReadFile(b.logPath)
		b.t.Logf("agent log (end):\n%s", tailString(string(data), 12000))
	}
}

// freeRange returns the first of n consecutive loopback ports free now.
func freeRange(t *testing.T, n int) int {
	t.Helper()
	first, err := freeport.Consecutive(n)
	if err != nil {
		t.Fatal(err)
	}
	return first
}

func tailString(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
