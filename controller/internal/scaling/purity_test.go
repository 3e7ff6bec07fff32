package scaling_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/asgctl/asgctl/controller/internal/importcheck"
)

// sdkImports are the only SDK packages the conversions may import: the
// pointer helpers and the request and response types of the two services.
var sdkImports = map[string]bool{
	"github.com/aws/aws-sdk-go-v2/aws":                       true,
	"github.com/aws/aws-sdk-go-v2/service/autoscaling":       true,
	"github.com/aws/aws-sdk-go-v2/service/autoscaling/types": true,
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch":        true,
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types":  true,
}

// The conversions are tested as tables and properties over simulated AWS
// responses: they must stay pure.
func TestPackageIsPure(t *testing.T) {
	importcheck.Pure(t, "github.com/asgctl/asgctl/controller/internal/scaling",
		"github.com/asgctl/asgctl/controller/api",
		"github.com/aws/aws-sdk-go-v2/aws",
		"github.com/aws/aws-sdk-go-v2/service/autoscaling",
		"github.com/aws/aws-sdk-go-v2/service/cloudwatch")
}

// Pure allows whole path prefixes; this holds the SDK imports to exactly
// sdkImports (no aws/config, aws/retry or other subpackages).
func TestOnlyTheseSDKPackages(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range f.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			if strings.HasPrefix(path, "github.com/aws/") && !sdkImports[path] {
				t.Errorf("%s imports %q; only the aws helpers and the autoscaling and cloudwatch types are allowed", name, path)
			}
		}
	}
}
