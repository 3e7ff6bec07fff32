package invariant_test

import (
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

func TestInvariantIsPure(t *testing.T) {
	importcheck.Pure(t, "github.com/asgctl/asgctl/controller/internal/invariant",
		"github.com/asgctl/asgctl/controller/api", "github.com/asgctl/asgctl/controller/internal/reconcile",
		"github.com/asgctl/asgctl/controller/internal/scaling")
}
