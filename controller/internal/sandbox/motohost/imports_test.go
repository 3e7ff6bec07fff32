package motohost

import (
	"testing"

	"github.com/asgctl/asgctl/controller/api"
	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

// The package imports what its doc comment allows.
func TestImports(t *testing.T) {
	importcheck.StdlibOnly(t, "github.com/asgctl/asgctl/controller/internal/sandbox/motohost",
		"github.com/aws/aws-sdk-go-v2",
		"github.com/asgctl/asgctl/controller/clock",
		"github.com/asgctl/asgctl/controller/internal/awsapi")
}

// The Mirror finds the groups by the tag the controller puts on them.
func TestServiceTagIsTheControllers(t *testing.T) {
	if tagService != api.TagService {
		t.Fatalf("tagService = %q, want api.TagService %q", tagService, api.TagService)
	}
}
