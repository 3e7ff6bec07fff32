package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/integration/motoserver"
	"github.com/asgctl/asgctl/internal/loadgen"
)

// fleetLoadRate is each box's steady load in a fleet test (requests/s).
const fleetLoadRate = 50

// fleet is several boxes of service web on one Consul and one bucket.
type fleet struct {
	t     *testing.T
	addr  string
	moto  *motoserver.Server
	kv    *consulkv.Consul
	boxes []*box
}

// newFleet prepares n boxes (agents not started) with distinct instance
// ids, ports and state directories.
func newFleet(t *testing.T, n int) *fleet {
	t.Helper()
	f := &fleet{t: t, addr: consul.Agent(t).Addr, moto: moto.Server(t)}
	kv, err := consulkv.NewConsul(consulkv.ConsulConfig{Address: f.addr})
	if err != nil {
		t.Fatal(err)
	}
	f.kv = kv
	for range n {
		f.add()
	}
	f.boxes[0].createBucket()
	return f
}

// readyFleet starts n agents and releases id to them (every box new, so
// all at once), waiting until each is ready on it.
func readyFleet(t *testing.T, n int, id string) *fleet {
	t.Helper()
	f := newFleet(t, n)
	f.startAll()
	if res := f.cli().releaseWith(id, goodApp("100ms")); res.code != 0 {
		t.Fatalf("first release %s: exit %d", id, res.code)
	}
	f.waitAll("ready on "+id, readyOn(id))
	return f
}

// add prepares one more box (its agent not started).
func (f *fleet) add() *box {
	f.t.Helper()
	id := fmt.Sprintf("i-0f1ee7%010d", len(f.boxes)+1)
	b := boxOn(f.t, f.addr, f.moto, testBucket(f.t), id, nil)
	f.boxes = append(f.boxes, b)
	return b
}

func (f *fleet) startAll() {
	for _, b := range f.boxes {
		b.startAgent()
	}
}

// cli is the box whose asgctl runs the commands (any box would do).
func (f *fleet) cli() *box { return f.boxes[0] }

// reports reads the live agent reports, by instance id.
func (f *fleet) reports() map[string]api.AgentReport {
	f.t.Helper()
	entries, _, err := f.kv.List(context.Background(), api.KeyAgentsPrefix(service), nil)
	if err != nil {
		f.t.Fatalf("read reports: %v", err)
	}
	live, _ := consulkv.LiveAgentReports(entries)
	out := map[string]api.AgentReport{}
	for _, r := range live {
		out[r.InstanceID] = r
	}
	return out
}

// record reads deploys/web.
func (f *fleet) record() *api.Release {
	f.t.Helper()
	e, _, err := f.kv.Get(context.Background(), api.KeyDeploy(service), nil)
	if err != nil || e == nil {
		f.t.Fatalf("read %s: %v %v", api.KeyDeploy(service), e, err)
	}
	r, err := api.DecodeRelease(e.Value)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// waitAll polls the reports until every box's satisfies ok (60 s at most).
func (f *fleet) waitAll(what string, ok func(api.AgentReport) bool) {
	f.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var last map[string]api.AgentReport
	for time.Now().Before(deadline) {
		last = f.reports()
		all := len(last) == len(f.boxes)
		for _, r := range last {
			all = all && ok(r)
		}
		if all {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.t.Fatalf("not every box %s; reports:\n%s", what, describe(last))
}

// describe lists reports one per line, for failure messages.
func describe(reps map[string]api.AgentReport) string {
	ids := make([]string, 0, len(reps))
	for id := range reps {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := ""
	for _, id := range ids {
		r := reps[id]
		data, _ := json.Marshal(r.Processes)
		out += fmt.Sprintf("  %s %s on %s (desired %s seq %d) error %q processes %s\n", id, r.State, r.Release, r.Desired, r.Seq, r.Error, data)
	}
	return out
}

// pacing samples the reports and the semaphore every 20 ms until stop:
// the most boxes seen deploying at once, the most slot holders, and every
// instance seen deploying.
type pacing struct {
	mu         sync.Mutex
	maxDeploy  int
	maxHolders int
	deployed   map[string]bool
	samples    int
	stop, done chan struct{}
}

func (f *fleet) samplePacing() *pacing {
	p := &pacing{deployed: map[string]bool{}, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for {
			select {
			case <-p.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			p.sample(f)
		}
	}()
	return p
}

func (p *pacing) sample(f *fleet) {
	entries, _, err := f.kv.List(context.Background(), api.KeyAgentsPrefix(service), nil)
	if err != nil {
		return
	}
	live, _ := consulkv.LiveAgentReports(entries)
	holders, err := consulkv.SemaphoreHolders(context.Background(), f.kv, api.KeyReleaseSlots(service))
	p.mu.Lock()
	defer p.mu.Unlock()
	p.samples++
	n := 0
	for _, r := range live {
		if r.State == api.AgentDeploying {
			n++
			p.deployed[r.InstanceID] = true
		}
	}
	p.maxDeploy = max(p.maxDeploy, n)
	if err == nil {
		p.maxHolders = max(p.maxHolders, len(holders))
	}
}

func (p *pacing) end() *pacing {
	close(p.stop)
	<-p.done
	return p
}

// fleetLoad runs fleetLoadRate req/s at every box while during runs, and
// returns each box's result (by instance id).
func (f *fleet) fleetLoad(during func()) map[string]*loadgen.Result {
	f.t.Helper()
	results := map[string]*loadgen.Result{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, b := range f.boxes {
		res := loadgen.NewResult()
		results[b.instance] = res
		wg.Add(1)
		go func(url string) {
			defer wg.Done()
			loadgen.Run(res, url, fleetLoadRate, 8, stop, loadMaxTime)
		}(b.url())
	}
	for _, res := range results {
		loadgen.WaitSent(f.t, res, fleetLoadRate/2)
	}
	during()
	for _, res := range results {
		loadgen.WaitSent(f.t, res, res.Sent.Load()+fleetLoadRate/2)
	}
	close(stop)
	wg.Wait()
	for id, res := range results {
		f.t.Logf("load on %s: %d requests, %d failed, by release %v, first errors %v", id, res.Sent.Load(), res.Failed.Load(),
			res.Releases(), res.Errors())
	}
	return results
}

// requireNoFailuresAll fails t when a request to any box failed.
func requireNoFailuresAll(t *testing.T, results map[string]*loadgen.Result) {
	t.Helper()
	for id, res := range results {
		if n := res.Failed.Load(); n != 0 {
			t.Errorf("%s: %d of %d requests failed; first: %v", id, n, res.Sent.Load(), res.Errors())
		}
	}
}
