package verify

import (
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

// TestImports keeps the package to what its doc comment allows.
func TestImports(t *testing.T) {
	importcheck.StdlibOnly(t, "github.com/asgctl/asgctl/controller/internal/verify",
		"github.com/asgctl/asgctl/controller/api", "github.com/asgctl/asgctl/controller/clock")
}
