package agenthost_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consulhttp"
	"github.com/asgctl/asgctl/controller/internal/sandbox/agenthost"
	"github.com/asgctl/asgctl/controller/internal/sandbox/objstore"
)

// world is what a hosted instance needs: asgctl (whose hidden commands
// run the agent and the sample app), a Consul API on the in-memory store,
// and the object store holding the sample release.
type world struct {
	mem  *consulkv.Memory
	host *agenthost.Host
	dir  string // the instances' directories
}

func newWorld(t *testing.T) *world {
	t.Helper()
	dir := t.TempDir()
	bins, err := agenthost.Programs(dir)
	if err != nil {
		t.Fatal(err)
	}
	mem := consulkv.NewMemory(clock.Real{})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	consulAddr, stopConsul, err := consulhttp.Serve(ctx, "", mem)
	if err != nil {
		t.Fatal(err)
	}
	store := objstore.New()
	s3, stopS3, err := objstore.Serve(store)
	if err != nil {
		t.Fatal(err)
	}
	tarball, sum, err := agenthost.SampleRelease(bins.TestApp, "")
	if err != nil {
		t.Fatal(err)
	}
	store.Put("sandbox", "web/r1.tar.gz", tarball, time.Now())
	rel := api.Release{Version: api.ReleaseVersion, Release: "r1", Artifact: "s3://sandbox/web/r1.tar.gz",
		SHA256: sum, CreatedAt: time.Now().UTC()}
	data, _ := json.Marshal(rel)
	if err := mem.Put(ctx, api.KeyDeploy("web"), data); err != nil {
		t.Fatal(err)
	}
	host := agenthost.New(agenthost.Config{Bins: bins, Dir: dir, Service: "web", Region: "us-east-1",
		ConsulAddr: consulAddr, S3Endpoint: s3, Allow: "s3://sandbox/web/",
		AppArgs: func(ami string) []string {
			if ami == "ami-broken" {
				return []string{"--fail-health"}
			}
			return nil
		}})
	t.Cleanup(func() {
		host.Close()
		stopS3()
		stopConsul()
		if t.Failed() {
			logs, _ := os.ReadDir(dir)
			for _, e := range logs {
				if b, err := os.ReadFile(dir + "/" + e.Name() + "/agent.log"); err == nil {
					t.Logf("%s agent log (end):\n%s", e.Name(), tail(string(b), 3000))
				}
			}
		}
	})
	return &world{mem: mem, host: host, dir: dir}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// waitHealthy polls the host's view of id until it equals want (30 s max).
func waitHealthy(t *testing.T, h *agenthost.Host, id string, want bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for h.Healthy(id) != want {
		if time.Now().After(deadline) {
			t.Fatalf("instance %s healthy=%v after 30 s, want %v", id, h.Healthy(id), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestHostedInstanceRunsARealAgent: a started instance is a real
// `asgctl agent` that deploys the current release (run by `asgctl
// sample-app`) from the in-memory Consul and the object store and then
// answers its health probe; a broken AMI never gets healthy; a stopped
// instance stops answering, and its agent stops gracefully on SIGTERM.
func TestHostedInstanceRunsARealAgent(t *testing.T) {
	w := newWorld(t)
	w.host.Start("i-good", "ami-good")
	w.host.Start("i-bad", "ami-broken")
	waitHealthy(t, w.host, "i-good", true)
	addr, ok := w.host.Addr("i-good")
	if !ok || addr == "" {
		t.Fatalf("no traffic address for a running instance")
	}
	w.waitReport(t, "i-bad", "failed")
	if w.host.Healthy("i-bad") {
		t.Error("an instance of the broken AMI answers its health probe after its agent reported failed")
	}
	w.host.Stop("i-good")
	waitHealthy(t, w.host, "i-good", false)
	w.host.Close()
	logs, err := os.ReadFile(filepath.Join(w.dir, "i-good", "agent.log"))
	if err != nil || !strings.Contains(string(logs), `"msg":"stopped"`) {
		t.Errorf("the stopped agent did not log a graceful stop (%v):\n%s", err, tail(string(logs), 3000))
	}
}

// waitReport polls the instance's agent report until its state is want.
func (w *world) waitReport(t *testing.T, id, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	last := ""
	for time.Now().Before(deadline) {
		e, _, err := w.mem.Get(context.Background(), api.KeyAgent("web", id), nil)
		if err == nil && e != nil {
			if rep, err := api.DecodeAgentReport(e.Value); err == nil {
				if last = rep.State; last == want {
					return
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("instance %s report state %q after 30 s, want %q", id, last, want)
}

// TestStartAfterCloseIsRefused: once closed, the host starts nothing (a
// controller still reconciling during teardown must not leave agents
// behind, nor make Close wait for them).
func TestStartAfterCloseIsRefused(t *testing.T) {
	h := agenthost.New(agenthost.Config{Bins: agenthost.Binaries{Agent: agenthost.Command{Path: "/nonexistent/asgctl"}}, Dir: t.TempDir()})
	h.Close()
	h.Start("i-late", "ami-any")
	done := make(chan struct{})
	go func() { h.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for an instance started after the first Close")
	}
	if _, ok := h.Addr("i-late"); ok {
		t.Error("an instance started after Close has an address")
	}
}
