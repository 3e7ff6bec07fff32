package motohost

import (
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

// The package imports what its doc comment allows.
func TestImports(t *testing.T) {
	importcheck.StdlibOnly(t, "github.com/asgctl/asgctl/controller/internal/sandbox/motohost",
		"github.com/aws/aws-sdk-go-v2",
		"github.com/asgctl/asgctl/controller/api",
		"github.com/asgctl/asgctl/controller/clock",
		"github.com/asgctl/asgctl/controller/internal/awsapi",
		"github.com/asgctl/asgctl/controller/internal/observe")
}
