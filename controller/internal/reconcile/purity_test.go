package reconcile_test

import (
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

// Decide must stay pure: no I/O, no wall clock, no randomness. Only the
// wire types, the pure scaling conversions and the analysis judge may be imported from this
// module.
func TestDecideIsPure(t *testing.T) {
	importcheck.Pure(t, "github.com/asgctl/asgctl/controller/internal/reconcile",
		"github.com/asgctl/asgctl/controller/api", "github.com/asgctl/asgctl/controller/internal/scaling",
		"github.com/asgctl/asgctl/controller/internal/analysis")
}
