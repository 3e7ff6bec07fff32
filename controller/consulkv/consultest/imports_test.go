package consultest

import (
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

func TestImportsOnlyTheStandardLibrary(t *testing.T) {
	importcheck.StdlibOnly(t, "github.com/asgctl/asgctl/controller/consulkv/consultest",
		"github.com/asgctl/asgctl/internal/testenv", "github.com/asgctl/asgctl/internal/freeport")
}
