package logkeys

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// slogMethods are the slog.Logger methods whose variadic arguments are
// alternating keys and values.
var slogMethods = map[string]int{
	"Debug": 1, "Info": 1, "Warn": 1, "Error": 1, "With": 0,
	"DebugContext": 2, "InfoContext": 2, "WarnContext": 2, "ErrorContext": 2, "Log": 3,
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// Every key of every slog call in the module is snake_case and none is
// "err". A key is a string literal in a key position of a call to one of
// slogMethods on anything (false hits would need a string literal where a
// slog key goes, which no other API here takes).
func TestLogKeys(t *testing.T) {
	root := moduleRoot(t)
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "bin") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		checked++
		for _, p := range badKeys(fset, f) {
			rel, _ := filepath.Rel(root, path)
			t.Errorf("%s:%s", rel, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("checked only %d files under %s", checked, root)
	}
}

// badKeys lists the bad keys of f's slog calls as "line: problem".
func badKeys(fset *token.FileSet, f *ast.File) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		first, ok := slogMethods[sel.Sel.Name]
		if !ok || !isLogger(sel.X) {
			return true
		}
		for i := first; i < len(call.Args); i += 2 {
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // an attr or a computed key: stop checking this call
			}
			key, _ := strconv.Unquote(lit.Value)
			switch {
			case key == "err":
				out = append(out, strconv.Itoa(fset.Position(lit.Pos()).Line)+`: log key "err": use "error"`)
			case !snake.MatchString(key):
				out = append(out, strconv.Itoa(fset.Position(lit.Pos()).Line)+": log key "+lit.Value+" is not snake_case")
			}
		}
		return true
	})
	return out
}

// isLogger reports whether x names a logger: its last identifier
// contains "log" (log, d.log, cfg.Logger, slog), which is how every logger
// in the module is named, and keeps t.Error and http.Error out.
func isLogger(x ast.Expr) bool {
	for {
		switch v := x.(type) {
		case *ast.Ident:
			return strings.Contains(strings.ToLower(v.Name), "log")
		case *ast.SelectorExpr:
			return strings.Contains(strings.ToLower(v.Sel.Name), "log")
		case *ast.CallExpr: // log.With(...).Info(...)
			x = v.Fun
			if sel, ok := x.(*ast.SelectorExpr); ok {
				x = sel.X
			}
		default:
			return false
		}
	}
}

// moduleRoot is the directory of the go.mod above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// The check finds what it is for.
func TestBadKeysFindsErrAndNonSnakeKeys(t *testing.T) {
	src := `package p
func f() {
	log.Error("x", "err", e)
	log.InfoContext(ctx, "y", "retryIn", d, "ok", 1)
	log.With("error", e).Info("z", "fine_key", 2)
	http.Error(w, "not a key", 400)
	t.Error("not a key either", "x y")
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := badKeys(fset, f)
	if len(got) != 2 || !strings.Contains(got[0], `"err"`) || !strings.Contains(got[1], "retryIn") {
		t.Errorf("badKeys = %q, want the err key on line 3 and retryIn on line 4", got)
	}
}
