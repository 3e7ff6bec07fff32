package importcheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// pkgFiles is a package's parsed non-test Go files.
type pkgFiles struct {
	fset  *token.FileSet
	files []*ast.File
}

// importRef is one import line of a package.
type importRef struct {
	path string
	pos  token.Position
}

// loadDir parses every non-test .go file in dir, except files marked
// "//go:build ignore". A directory without such files is an error, so a
// mistyped import path cannot pass silently.
func loadDir(dir string) (*pkgFiles, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	p := &pkgFiles{fset: token.NewFileSet()}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(p.fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", dir, err)
		}
		if !ignored(f) {
			p.files = append(p.files, f)
		}
	}
	if len(p.files) == 0 {
		return nil, fmt.Errorf("load %s: no non-test Go files", dir)
	}
	return p, nil
}

// ignored reports whether f carries the "//go:build ignore" constraint.
func ignored(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() >= f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.TrimSpace(c.Text) == "//go:build ignore" {
				return true
			}
		}
	}
	return false
}

// imports lists every import of the package, in file and line order.
func (p *pkgFiles) imports() []importRef {
	var out []importRef
	for _, f := range p.files {
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				continue // the parser accepted it, so this cannot happen
			}
			out = append(out, importRef{path: path, pos: p.fset.Position(spec.Pos())})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].pos, out[j].pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Line < b.Line
	})
	return out
}
