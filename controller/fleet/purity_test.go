package fleet_test

import (
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

// The fleet decisions are shared by the agent, the controller and the CLI,
// and tested as tables and properties: they must stay pure.
func TestPackageIsPure(t *testing.T) {
	importcheck.Pure(t, "github.com/asgctl/asgctl/controller/fleet", "github.com/asgctl/asgctl/controller/api")
}
