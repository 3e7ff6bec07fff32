package e2e

import (
	"os"
	"testing"

	"github.com/asgctl/asgctl/integration/motoserver"
)

// moto is this package's one moto_server (and consul, in processes_test.go,
// its one Consul agent), started by the first test that
// needs it and reset for each (skipped without moto_server; a failure when
// CI=true).
var moto motoserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	moto.Stop()
	consul.Stop()
	os.Exit(code)
}
