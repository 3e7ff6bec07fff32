package e2e_test

import (
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/consulkv/consultest"
)

// consulOutage is how long Consul stays down: the acceptance scenario.
const consulOutage = 30 * time.Second

// TestConsulOutageKeepsServing stops Consul for 30 s under steady load:
// no request fails, and once Consul is back (a dev agent comes back empty)
// the agent reports again and deploys the next release it is given.
func TestConsulOutageKeepsServing(t *testing.T) {
	c := consultest.Start(t)
	b := newBox(t, c.Addr, nil)
	b.startAgent()
	b.deployFirst()

	res := underLoad(t, b.url(), func() {
		c.Stop()
		t.Logf("consul stopped for %s", consulOutage)
		time.Sleep(consulOutage) // the outage itself, not a wait for a condition
		if err := c.Restart(); err != nil {
			t.Fatalf("restart consul: %v", err)
		}
	})
	requireNoFailures(t, res)
	if got := res.Releases(); len(got) != 1 || got["release=r1"] == 0 {
		t.Errorf("answers during the outage by release: %v", got)
	}
	b.waitReport("back after the outage", readyOn("r1"))
	if res := b.release("r2", goodApp(appStartDelay)); res.code != 0 {
		t.Fatalf("release r2 after the outage: exit %d", res.code)
	}
	b.waitReport("ready on r2", readyOn("r2"))
}
