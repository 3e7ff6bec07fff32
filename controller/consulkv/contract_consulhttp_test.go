package consulkv_test

import (
	"context"
	"testing"

	"github.com/asgctl/asgctl/controller/consulkv"
	"github.com/asgctl/asgctl/controller/consulkv/consulhttp"
)

// serveFacade serves m through the Consul API facade for the test.
func serveFacade(t *testing.T, m *consulkv.Memory) string {
	t.Helper()
	addr, stop, err := consulhttp.Serve(context.Background(), "", m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return addr
}

// TestConsulHTTPContract runs the store contract suite on consulkv.Consul
// against the facade over a Memory on a fake clock: Consul's client and
// wire format with Memory's exact timing.
func TestConsulHTTPContract(t *testing.T) {
	consulkv.RunFacadeContract(t, false, serveFacade)
}

// TestConsulHTTPContractRealClock runs it with the Memory on the wall
// clock, as `asgctl sandbox` runs it; the timed tests wait out real
// session TTLs and are skipped with -short.
func TestConsulHTTPContractRealClock(t *testing.T) {
	consulkv.RunFacadeContract(t, true, serveFacade)
}
