package analysis_test

import (
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

// The judge is tested as tables and properties over plain numbers: it must
// stay pure.
func TestPackageIsPure(t *testing.T) {
	importcheck.Pure(t, "github.com/asgctl/asgctl/controller/internal/analysis",
		"github.com/asgctl/asgctl/controller/api")
}
