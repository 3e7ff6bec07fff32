package awsapitest

import (
	"os"
	"testing"

	"github.com/asgctl/asgctl/integration/motoserver"
)

// moto is this package's one moto_server, started by the first moto test
// and reset for each.
var moto motoserver.Shared

func TestMain(m *testing.M) {
	code := m.Run()
	moto.Stop()
	os.Exit(code)
}

func TestContractMoto(t *testing.T) {
	Run(t, func(t *testing.T) Backend { return NewMotoBackend(t, moto.Server(t)) })
}
