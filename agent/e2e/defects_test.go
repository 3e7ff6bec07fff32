package e2e_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// kv is a Consul client on the box's agent, for writes the CLI refuses.
func (b *box) kv() *consulkv.Consul {
	b.t.Helper()
	c, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: b.consulAddr})
	if err != nil {
		b.t.Fatal(err)
	}
	return c
}

// writeRecord replaces deploys/web with a record derived from the current
// one by change (a new seq), the way only a hand-written or hostile
// writer would.
func (b *box) writeRecord(change func(r *api.Release)) {
	b.t.Helper()
	kv := b.kv()
	e, _, err := kv.Get(context.Background(), api.KeyDeploy(service), nil)
	if err != nil || e == nil {
		b.t.Fatalf("read record: %v %v", e, err)
	}
	r, err := api.DecodeRelease(e.Value)
	if err != nil {
		b.t.Fatal(err)
	}
	r.Seq++
	r.Halt, r.CreatedAt = nil, time.Now().UTC()
	change(r)
	data, err := api.Encode(r)
	if err != nil {
		b.t.Fatal(err)
	}
	if ok, err := kv.CAS(context.Background(), api.KeyDeploy(service), data, e.ModifyIndex); !ok || err != nil {
		b.t.Fatalf("write record: %v %v", ok, err)
	}
}

// get is one GET through the box's proxy with extra headers.
func (b *box) get(path string, headers map[string]string) (int, string) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+b.listen+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// answersOnly fails t unless a short load on the box is answered by id
// alone, without a failure.
func (b *box) answersOnly(id string) {
	b.t.Helper()
	res := underLoad(b.t, b.url(), func() {})
	requireNoFailures(b.t, res)
	if got := res.Releases(); len(got) != 1 || got["release="+id] == 0 {
		b.t.Errorf("answers by release %v, want only %s", got, id)
	}
}

// Defect 1: a release id names one artifact. The CLI refuses an id that
// named other bits, even when it is not the current release; an agent
// given such a record by another writer refuses it and keeps serving.
func TestReleaseIDNamesOneArtifact(t *testing.T) {
	b := readyBox(t)
	for _, id := range []string{"v1", "v2"} {
		if res := b.release(id, goodApp("100ms")); res.code != 0 {
			t.Fatalf("release %s: exit %d", id, res.code)
		}
	}
	hotfix, sum := b.upload("v1-hotfix", tarGz(appScript("HOTFIX=1", "--start-delay 100ms")))
	res := b.releaseArtifact("v1", hotfix, sum)
	if res.code != 2 || !strings.Contains(res.stdout+res.stderr, "v1") {
		t.Fatalf("release of other bits as v1: exit %d, want 2 naming the id", res.code)
	}
	if r, _ := b.report(); r.Release != "v2" {
		t.Fatalf("after the refused release the box is on %s, want v2", r.Release)
	}
	b.writeRecord(func(r *api.Release) { r.Release, r.Artifact, r.SHA256 = "v1", hotfix, sum })
	rep := b.waitReport("refusing v1's other bits", func(r api.AgentReport) bool { return r.State == api.AgentFailed })
	if !strings.Contains(rep.Error, "names one artifact") {
		t.Errorf("report error %q does not say a release id names one artifact", rep.Error)
	}
	if code, _ := b.get("/env?name=HOTFIX", nil); code != http.StatusNotFound {
		t.Errorf("a process runs the hotfix bits under the id v1")
	}
	b.answersOnly("v2")
}

// Defect 2: an artifact that is not in S3 yet is retried, across an agent
// restart, and deployed once it is uploaded; it never fails the release.
func TestMissingArtifactIsRetriedUntilItAppears(t *testing.T) {
	b := readyBox(t)
	data := tarGz(goodApp("100ms"))
	artifact, sum := "s3://"+b.bucket+"/web/r2.tar.gz", sha256Hex(data)
	if res := b.asgctl("release", service, "--artifact", artifact, "--sha256", sum, "--id", "r2"); res.code != 0 {
		t.Fatalf("release r2 before the upload: exit %d: %s", res.code, res.stderr)
	}
	rep := b.waitReport("retrying the missing artifact", func(r api.AgentReport) bool {
		return r.State == api.AgentWaiting && strings.Contains(r.Error, "retrying")
	})
	t.Logf("while the object is missing: %s: %s", rep.State, rep.Error)
	b.killAgent()
	b.startAgent()
	b.waitReport("retrying after a restart", func(r api.AgentReport) bool {
		return r.State == api.AgentWaiting && strings.Contains(r.Error, "does not exist")
	})
	b.upload("r2", data)
	b.waitReport("ready on r2 once uploaded", readyOn("r2"))
	b.answersOnly("r2")
}

// Defect 3: requests longer than drain_timeout do not fail the release:
// the drain is capped, the process is stopped anyway (its own graceful
// shutdown lets them finish), and the release completes.
func TestLongRequestsDoNotFailTheRelease(t *testing.T) {
	b := newBox(t, consul.Agent(t).Addr, rotation{"drain_timeout": "1s"})
	b.startAgent()
	if res := b.release("r1", appScript("", "--start-delay 100ms --latency 4s")); res.code != 0 {
		t.Fatalf("release r1: exit %d", res.code)
	}
	b.waitReport("ready on r1", readyOn("r1"))
	done := make(chan int, nProcs)
	for range nProcs {
		go func() {
			resp, err := http.Get(b.url())
			if err != nil {
				done <- 0
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			done <- resp.StatusCode
		}()
	}
	waitFor(t, "the slow requests in flight", func() bool {
		n := 0
		for k := range nProcs {
			n += inflight(t, b.basePort+k)
		}
		return n == nProcs
	})
	if res := b.release("r2", goodApp("100ms")); res.code != 0 {
		t.Fatalf("release r2 with requests longer than drain_timeout in flight: exit %d", res.code)
	}
	for range nProcs {
		if code := <-done; code != http.StatusOK {
			t.Errorf("a slow request ended with %d", code)
		}
	}
	log, _ := os.ReadFile(b.logPath)
	if !strings.Contains(string(log), "drain capped") {
		t.Errorf("the agent log does not say the drain was capped")
	}
}

// inflight is how many / requests the test app on port serves now.
func inflight(t *testing.T, port int) int {
	resp, err := http.Get("http://127.0.0.1:" + itoa(port) + "/inflight")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	n := 0
	_ = json.Unmarshal(body, &n)
	return n
}

// Defect 4: a release whose processes pass their health check and exit
// soon after fails (within health.settle, by default 3 health intervals:
// 300 ms here), is not reported ready, and the box goes back to the
// release it served.
func TestCrashAfterHealthCheckFailsTheRelease(t *testing.T) {
	b := newBox(t, consul.Agent(t).Addr, nil)
	b.cfg["health"] = map[string]any{"path": "/ping", "interval": "100ms", "successes": 2, "timeout": "5s"}
	b.startAgent()
	b.deployFirst()
	var rel cliResult
	// Two checks pass 100 ms apart; the process exits 250 ms after the
	// first, inside the settle window.
	load := underLoad(t, b.url(), func() { rel = b.release("r2", appScript("", "--start-delay 100ms --exit-after-ping 250ms")) })
	if rel.code != 1 {
		t.Fatalf("release r2 that crashes after its health check: exit %d, want 1", rel.code)
	}
	requireNoFailures(t, load)
	rep := b.waitReport("failed", func(r api.AgentReport) bool { return r.State == api.AgentFailed })
	if !strings.Contains(rep.Error, "settle") || !strings.Contains(rep.Error, "exit-after-ping") {
		t.Errorf("report error does not name the settle window and the process output:\n%s", rep.Error)
	}
	b.waitReport("back on r1", func(r api.AgentReport) bool {
		for _, p := range r.Processes {
			if p.Release != "r1" || p.State != "serving" {
				return false
			}
		}
		return true
	})
	b.answersOnly("r1")
}

// Defect 6: the app sees the client's forwarding headers, with the proxy's
// peer appended to X-Forwarded-For.
func TestForwardingHeadersReachTheApp(t *testing.T) {
	b := readyBox(t)
	code, body := b.get("/headers", map[string]string{"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
		"X-Forwarded-Port": "443"})
	if code != http.StatusOK {
		t.Fatalf("GET /headers: %d %s", code, body)
	}
	var h http.Header
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatal(err)
	}
	if got := h.Get("X-Forwarded-For"); got != "203.0.113.7, 127.0.0.1" {
		t.Errorf("X-Forwarded-For = %q, want the client then the peer", got)
	}
	if h.Get("X-Forwarded-Proto") != "https" || h.Get("X-Forwarded-Port") != "443" {
		t.Errorf("X-Forwarded-Proto %q, -Port %q: want the client's https and 443", h.Get("X-Forwarded-Proto"), h.Get("X-Forwarded-Port"))
	}
}

// Defect 7: a release taken again renders the config as it is now, and the
// report names the config index it rendered.
func TestReleaseTakenAgainGetsTodaysConfig(t *testing.T) {
	b := readyBox(t)
	steps := [][]string{{"config", "set", service, "GREETING=one"}}
	for _, args := range steps {
		if res := b.asgctl(args...); res.code != 0 {
			t.Fatalf("asgctl %v: exit %d", args, res.code)
		}
	}
	if res := b.release("r2", goodApp("100ms")); res.code != 0 {
		t.Fatalf("release r2: exit %d", res.code)
	}
	on2 := b.waitReport("ready on r2", readyOn("r2"))
	if res := b.asgctl("config", "set", service, "GREETING=two"); res.code != 0 {
		t.Fatalf("config set: exit %d", res.code)
	}
	artifact, sum := b.upload("r1", tarGz(goodApp(appStartDelay)))
	if res := b.releaseArtifact("r1", artifact, sum); res.code != 0 {
		t.Fatalf("release r1 again: exit %d", res.code)
	}
	on1 := b.waitReport("ready on r1 again", readyOn("r1"))
	if code, v := b.get("/env?name=GREETING", nil); code != http.StatusOK || v != "two" {
		t.Errorf("r1 taken again runs with GREETING=%q (%d), want today's \"two\"", v, code)
	}
	if on1.ConfigIndex == 0 || on1.ConfigIndex <= on2.ConfigIndex {
		t.Errorf("config index %d on r1 again, %d on r2: want a newer, non-zero index", on1.ConfigIndex, on2.ConfigIndex)
	}
}

// Defect 8: config cannot set loader variables: the CLI refuses them, and
// an agent given one by another writer refuses to render it and keeps its
// processes as they were.
func TestConfigCannotSetLoaderVariables(t *testing.T) {
	b := readyBox(t)
	res := b.asgctl("config", "set", service, "LD_PRELOAD=/tmp/evil.so")
	if res.code != 2 || !strings.Contains(res.stdout+res.stderr, "LD_PRELOAD") {
		t.Fatalf("config set LD_PRELOAD: exit %d, want 2 naming it:\n%s%s", res.code, res.stdout, res.stderr)
	}
	if err := b.kv().Put(context.Background(), service+"/LD_PRELOAD", []byte("/tmp/evil.so")); err != nil {
		t.Fatal(err)
	}
	if res := b.asgctl("config", "push", service); res.code != 0 {
		t.Fatalf("config push: exit %d", res.code)
	}
	rep := b.waitReport("refusing the config", func(r api.AgentReport) bool { return r.State == api.AgentFailed })
	if !strings.Contains(rep.Error, "LD_PRELOAD") || !strings.Contains(rep.Error, "env_allow") {
		t.Errorf("report error does not name LD_PRELOAD and the way out:\n%s", rep.Error)
	}
	if code, _ := b.get("/env?name=LD_PRELOAD", nil); code != http.StatusNotFound {
		t.Errorf("a process runs with LD_PRELOAD set")
	}
	b.answersOnly("r1")
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
