package consulkv

import (
	"os"
	"testing"
	"time"

	"github.com/asgctl/asgctl/controller/clock"
	"github.com/asgctl/asgctl/controller/consulkv/consultest"
)

// sharedConsul is the package's one Consul dev agent, reset per test.
var sharedConsul consultest.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	sharedConsul.Stop()
	os.Exit(code)
}

// consulParkDelay is how long the Consul harness lets a blocking query
// reach the agent before the test writes; Consul cannot say when it has.
const consulParkDelay = 300 * time.Millisecond

// newConsul returns a Consul backend on the shared agent, reset.
func newConsul(t *testing.T) *Consul {
	t.Helper()
	a := sharedConsul.Agent(t)
	c, err := NewConsul(ConsulConfig{Address: a.Addr, Token: a.Token})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestConsulContract runs the store contract suite on a real Consul dev
// agent (consultest), in real time.
func TestConsulContract(t *testing.T) {
	RunBackendSuite(t, func(t *testing.T) *harness {
		return &harness{
			b: newConsul(t), clk: clock.Real{}, real: true, advance: realWait,
			parked: func(*testing.T, int) { realWait(consulParkDelay) },
		}
	})
}
