package consulkv

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// wallClockFuncs are the package time functions that read or wait on the
// wall clock.
var wallClockFuncs = map[string]bool{
	"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true,
	"AfterFunc": true, "NewTimer": true, "NewTicker": true, "Tick": true,
}

// TestClockDrivenCodeAvoidsTheWallClock keeps Memory, the locks and Watch
// on the injected clock.Clock, so tests and simulations drive their time.
// The Consul backend is exempt: Consul keeps its own time.
func TestClockDrivenCodeAvoidsTheWallClock(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "consul") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, isIdent := sel.X.(*ast.Ident); isIdent && id.Name == "time" && wallClockFuncs[sel.Sel.Name] {
				t.Errorf("%s uses time.%s; use the injected clock.Clock", name, sel.Sel.Name)
			}
			return true
		})
	}
}
