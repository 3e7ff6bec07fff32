package e2e_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// stallingS3 stands between the agent and moto: a GET of a key under
// web/stall- gets its headers and a few bytes, then nothing until unstall
// (an S3 connection that hangs, which moto cannot do on demand); every
// other request passes through.
type stallingS3 struct {
	srv     *httptest.Server
	seen    chan struct{} // closed at the first stalled GET
	unstall chan struct{}
	once    sync.Once
	off     sync.Once
}

func newStallingS3(t *testing.T, motoURL string) *stallingS3 {
	t.Helper()
	target, err := url.Parse(motoURL)
	if err != nil {
		t.Fatal(err)
	}
	s := &stallingS3{seen: make(chan struct{}), unstall: make(chan struct{})}
	pass := httputil.NewSingleHostReverseProxy(target)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-s.unstall:
			pass.ServeHTTP(w, r)
			return
		default:
		}
		if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/web/stall-") {
			pass.ServeHTTP(w, r)
			return
		}
		s.once.Do(func() { close(s.seen) })
		w.Header().Set("Content-Length", "100000")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte{0x1f, 0x8b})
		w.(http.Flusher).Flush()
		select {
		case <-s.unstall:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { s.release(); s.srv.Close() })
	return s
}

// release lets every later request through.
func (s *stallingS3) release() { s.off.Do(func() { close(s.unstall) }) }

// Defect 5: a download that hangs does not hold the agent's lock: a
// process killed meanwhile is restarted by the repair loop within
// seconds, and once S3 answers again the release goes on.
func TestStalledDownloadLeavesRepairFree(t *testing.T) {
	b := newBox(t, consul.Agent(t).Addr, nil)
	s3 := newStallingS3(t, b.moto.URL)
	b.env = append(b.env, "AWS_ENDPOINT_URL_S3="+s3.srv.URL) // the default 30 s stall timeout outlasts the test's repair
	b.startAgent()
	before := b.deployFirst()
	artifact, sum := b.upload("stall-r2", tarGz(goodApp("100ms")))
	if res := b.asgctl("release", service, "--artifact", artifact, "--sha256", sum, "--id", "stall-r2"); res.code != 0 {
		t.Fatalf("release stall-r2: exit %d: %s", res.code, res.stderr)
	}
	select {
	case <-s3.seen:
	case <-time.After(30 * time.Second):
		t.Fatal("the agent never asked S3 for the artifact")
	}
	victim := before.Processes[1].PID
	if err := syscall.Kill(victim, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	b.waitReport("process 1 restarted while the download hangs", func(r api.AgentReport) bool {
		p := r.Processes[1]
		return p.PID != 0 && p.PID != victim && p.State == "serving" && p.Release == "r1"
	})
	took := time.Since(killed)
	t.Logf("TIMING killed process restarted during a hung download in %s", took.Round(time.Millisecond))
	if took > 10*time.Second {
		t.Errorf("the repair took %s while a download hung; want a few seconds", took)
	}
	s3.release()
	b.waitReport("ready on stall-r2 once S3 answers", readyOn("stall-r2"))
}
