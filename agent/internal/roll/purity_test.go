package roll

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbiddenImports are packages (and their subpackages) that do I/O or
// bring nondeterminism.
var forbiddenImports = []string{
	"os", "net", "io/ioutil", "io/fs", "syscall", "math/rand", "crypto/rand",
	"log", "unsafe", "runtime",
}

// forbiddenTimeCalls read or wait on the wall clock.
var forbiddenTimeCalls = map[string]bool{
	"Now": true, "Sleep": true, "Since": true, "Until": true, "After": true,
	"AfterFunc": true, "Tick": true, "NewTimer": true, "NewTicker": true,
}

// TestPackageIsPure parses the package's non-test files and fails on I/O
// or randomness imports and on calls of time.Now, time.Sleep and friends.
func TestPackageIsPure(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, v := range purityViolations(fset, f) {
			t.Error(v)
		}
	}
	if checked == 0 {
		t.Fatal("no source files checked")
	}
}

func TestPurityCheckCatchesViolations(t *testing.T) {
	src := `package x
import (
	"os/exec"
	"net/http"
	"math/rand/v2"
	"time"
	"strings"
)
func f() { time.Sleep(time.Second); _ = time.Now(); _ = time.Duration(1) }`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(purityViolations(fset, f), "\n")
	for _, want := range []string{`"os/exec"`, `"net/http"`, `"math/rand/v2"`, "time.Sleep", "time.Now"} {
		if !strings.Contains(got, want) {
			t.Errorf("violations %q miss %s", got, want)
		}
	}
	for _, ok := range []string{`"strings"`, "time.Duration", `"time"`} {
		if strings.Contains(got, ok) {
			t.Errorf("violations %q flag allowed %s", got, ok)
		}
	}
}

func purityViolations(fset *token.FileSet, f *ast.File) []string {
	var out []string
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		for _, bad := range forbiddenImports {
			if path == bad || strings.HasPrefix(path, bad+"/") {
				out = append(out, fmt.Sprintf("%s: imports %q; package roll must stay pure", fset.Position(imp.Pos()), path))
			}
		}
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			out = append(out, fmt.Sprintf("%s: imports non-stdlib %q", fset.Position(imp.Pos()), path))
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == "time" && forbiddenTimeCalls[sel.Sel.Name] {
			out = append(out, fmt.Sprintf("%s: uses time.%s; package roll must stay pure", fset.Position(sel.Pos()), sel.Sel.Name))
		}
		return true
	})
	return out
}
