package api_test

import (
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

// The wire contract is shared with the agent, so it must stay a leaf that
// imports only the standard library.
func TestImportsOnlyStdlib(t *testing.T) {
	importcheck.StdlibOnly(t, "github.com/asgctl/asgctl/controller/api")
}
