package e2e

import (
	"fmt"
	"os"
	"testing"

	"github.com/asgctl/asgctl/controller/internal/awsapi/motoserver"
)

// moto is the moto_server shared by this package's tests (reset per test).
var moto *motoserver.Server

func TestMain(m *testing.M) {
	srv, stop, err := motoserver.StartMain()
	if err != nil {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "e2e: moto_server is required in CI:", err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "e2e: skipping moto tests:", err)
	}
	moto = srv
	code := m.Run()
	if stop != nil {
		stop()
	}
	os.Exit(code)
}

func needMoto(t *testing.T) *motoserver.Server {
	t.Helper()
	if moto == nil {
		t.Skip("moto_server is not available (install with: pip install \"moto[server]\")")
	}
	moto.Reset(t)
	return moto
}
