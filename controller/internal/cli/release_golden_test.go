package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv"
)

// Checksums of the test artifacts.
var (
	sha1 = strings.Repeat("a1", 32)
	sha2 = strings.Repeat("b2", 32)
	sha3 = strings.Repeat("c3", 32)
)

// fakeAgent stands in for asgctl-agent on one instance: it watches
// deploys/web and reports under a session (ttl 0) — deploying, then after
// its delay ready on the release, or failed on it (having restored the
// previous one) when breaks is set and the artifact's key says "broken". An
// artifact whose key says "slow" never gets past deploying.
type fakeAgent struct {
	id     string
	pickup time.Duration // from seeing a release to reporting deploying
	delay  time.Duration // from deploying to ready or failed
	breaks bool
}

// twoAgents are the instances of the --wait scenarios; their reports
// fall at distinct instants, so transcripts do not depend on scheduling.
var twoAgents = startAgents(
	fakeAgent{id: "i-0a1", pickup: 1300 * time.Millisecond, delay: 5 * time.Second},
	fakeAgent{id: "i-0b2", pickup: 2700 * time.Millisecond, delay: 9 * time.Second, breaks: true})

// startAgents runs the agents until the test ends.
func startAgents(agents ...fakeAgent) func(w *world, dir string) {
	return func(w *world, _ string) {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{}, len(agents))
		for _, a := range agents {
			sess, err := w.mem.CreateSession(ctx, "agent "+a.id, 0, 0)
			if err != nil {
				w.t.Fatal(err)
			}
			go func() {
				defer func() { done <- struct{}{} }()
				a.run(ctx, w, sess)
			}()
		}
		synctest.Wait() // every agent has reported and watches
		w.t.Cleanup(func() {
			cancel()
			for range agents {
				<-done
			}
		})
	}
}

func (a fakeAgent) run(ctx context.Context, w *world, sess string) {
	running, rev := "", 0
	report := func(state, release, msg string) {
		data, _ := api.Encode(api.AgentReport{Version: 1, Service: "web", InstanceID: a.id, Release: release, ConfigRev: rev,
			State: state, Processes: []api.ProcessReport{}, Error: msg, UpdatedAt: time.Now().UTC()})
		_, _ = w.mem.Acquire(ctx, api.KeyAgent("web", a.id), data, sess)
	}
	report(api.AgentReady, running, "")
	_ = consulkv.WatchKey(ctx, clock.Real{}, w.mem, api.KeyDeploy("web"), consulkv.WatchOptions{}, func(ctx context.Context, e *consulkv.Entry) error {
		if e == nil {
			return nil
		}
		r, err := api.DecodeRelease(e.Value)
		if err != nil {
			return nil
		}
		select {
		case <-time.After(a.pickup):
		case <-ctx.Done():
			return ctx.Err()
		}
		report(api.AgentDeploying, running, "")
		if strings.Contains(r.Artifact, "slow") {
			return nil
		}
		select {
		case <-time.After(a.delay):
		case <-ctx.Done():
			return ctx.Err()
		}
		if a.breaks && strings.Contains(r.Artifact, "broken") {
			report(api.AgentFailed, r.Release, fmt.Sprintf("process 1 on port 9002 failed its health check on %s: GET /ping: connection refused; restored %s", r.Release, orDash(running)))
			return nil
		}
		running, rev = r.Release, r.ConfigRev
		report(api.AgentReady, running, "")
		return nil
	})
}

// deadAgent leaves a report no session holds (an instance that is gone).
func deadAgent(w *world, _ string) {
	data, _ := api.Encode(api.AgentReport{Version: 1, Service: "web", InstanceID: "i-dead", Release: "r-old", State: api.AgentReady,
		Processes: []api.ProcessReport{}, UpdatedAt: time.Now().UTC()})
	if err := w.mem.Put(context.Background(), api.KeyAgent("web", "i-dead"), data); err != nil {
		w.t.Fatal(err)
	}
}

func writeSignature(w *world, dir string) {
	if err := os.WriteFile(filepath.Join(dir, "sig"), []byte("0123456789abcdef"), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

func art(name string) string { return "s3://builds/web/" + name + ".tar.gz" }

var releaseGoldenCases = []struct {
	name  string
	steps []step
}{
	{name: "release", steps: []step{
		show(0, "release", "web", "--artifact", art("1"), "--sha256", sha1),
		show(0, "release", "web", "--artifact", art("1"), "--sha256", sha1),
		show(2, "release", "web", "--artifact", art("2"), "--sha256", sha2, "--id", defaultReleaseID(sha1)),
		{do: writeSignature},
		show(0, "release", "web", "--artifact", art("2"), "--sha256", sha2, "--signature", "{dir}/sig", "--id", "v2"),
		show(2, "release", "web", "--artifact", "https://builds/web.tgz", "--sha256", "XYZ", "--id", "../up"),
		show(2, "release", "web", "--sha256", sha1),
		show(2, "release", "global", "--artifact", art("1"), "--sha256", sha1),
		show(2, "release", "web", "--artifact", art("1"), "--sha256", sha1, "--timeout", "1m"),
		{do: deadAgent},
		show(3, "release", "web", "--artifact", art("2"), "--sha256", sha2, "--id", "v2", "--signature", "{dir}/sig", "--wait"),
	}},
	{name: "release_wait", steps: []step{
		{do: twoAgents},
		{do: deadAgent},
		show(0, "release", "web", "--artifact", art("1"), "--sha256", sha1, "--wait"),
		show(0, "release", "web", "--artifact", art("1"), "--sha256", sha1, "--wait"),
		show(1, "release", "web", "--artifact", art("broken"), "--sha256", sha2, "--wait"),
		show(3, "release", "web", "--artifact", art("slow"), "--sha256", sha3, "--wait", "--timeout", "30s"),
	}},
	{name: "release_status", steps: []step{
		show(0, "release", "status", "web"),
		{do: twoAgents},
		hide(0, "release", "web", "--artifact", art("1"), "--sha256", sha1, "--wait"),
		show(0, "release", "status", "web"),
		hide(1, "release", "web", "--artifact", art("broken"), "--sha256", sha2, "--wait"),
		show(0, "release", "status", "web"),
		show(2, "release", "status"),
	}},
	{name: "config", steps: []step{
		show(0, "config", "set", "global", "LOG_LEVEL=info", "REGION=us-east-1"),
		show(0, "config", "set", "web", "LOG_LEVEL=debug", "DB_URL=postgres://db/web?sslmode=require", "EMPTY="),
		show(0, "config", "set", "web", "LOG_LEVEL=debug"),
		show(2, "config", "set", "web", "1BAD=x", "MULTI=a\nb", "NOEQ", "OK=fine", "OK=again"),
		show(2, "config", "set", "web"),
		show(2, "config", "set", "deploys", "A=b"),
		show(0, "config", "get", "web"),
		show(0, "config", "get", "api"),
		show(0, "config", "unset", "web", "LOG_LEVEL", "NOPE"),
		show(2, "config", "unset", "global", "BAD-NAME"),
		show(0, "config", "get", "web"),
		show(2, "config", "get", "global"),
	}},
	{name: "config_push", steps: []step{
		show(1, "config", "push", "web"),
		hide(0, "release", "web", "--artifact", art("1"), "--sha256", sha1),
		show(0, "config", "push", "web"),
		show(0, "config", "push", "web"),
		show(0, "release", "web", "--artifact", art("2"), "--sha256", sha2),
		show(0, "release", "status", "web"),
	}},
}

func TestReleaseConfigGolden(t *testing.T) {
	for _, gc := range releaseGoldenCases {
		for _, format := range []string{"text", "json"} {
			t.Run(gc.name+"/"+format, func(t *testing.T) {
				var got string
				synctest.Test(t, func(t *testing.T) {
					got = transcript(t, newWorld(t, worldOpts{}), format, gc.steps)
				})
				checkGolden(t, gc.name+"."+format+".golden", got)
			})
		}
	}
}
