package docs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/asgctl/asgctl/controller/api"
)

// The agent's config types live in agent/internal/config, which Go's
// internal-package rule keeps this package from importing. Their shape is
// read from the package's source instead: the struct declarations and
// their json tags, with the types they name from other packages resolved
// through the table below.

// foreignTypes are the types from other packages a parsed package may use
// in its JSON structs, by import path and name.
var foreignTypes = map[string]reflect.Type{
	"github.com/asgctl/asgctl/controller/api.Duration": reflect.TypeFor[api.Duration](),
}

// builtinKinds are the JSON kinds of Go's predeclared types.
var builtinKinds = map[string]string{
	"string": "string", "bool": "boolean", "float32": "number", "float64": "number",
	"int": "integer", "int8": "integer", "int16": "integer", "int32": "integer", "int64": "integer",
	"uint": "integer", "uint8": "integer", "uint16": "integer", "uint32": "integer", "uint64": "integer",
}

// sourcePackage is a parsed package: its type declarations and, per file,
// its imports (local name to path).
type sourcePackage struct {
	types  map[string]ast.Expr          // type name -> its type expression
	fileOf map[string]map[string]string // type name -> its file's imports
}

// parsePackage parses the non-test Go files of dir.
func parsePackage(dir string) (*sourcePackage, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	p := &sourcePackage{types: map[string]ast.Expr{}, fileOf: map[string]map[string]string{}}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		p.addFile(f)
	}
	if len(p.types) == 0 {
		return nil, fmt.Errorf("%s declares no types", dir)
	}
	return p, nil
}

// addFile records f's type declarations with f's imports.
func (p *sourcePackage) addFile(f *ast.File) {
	imports := map[string]string{}
	for _, im := range f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		local := path[strings.LastIndex(path, "/")+1:]
		if im.Name != nil {
			local = im.Name.Name
		}
		imports[local] = path
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			p.types[ts.Name.Name] = ts.Type
			p.fileOf[ts.Name.Name] = imports
		}
	}
}

// shapeOfType is the shape of the package's type name.
func (p *sourcePackage) shapeOfType(name string) (*shape, error) {
	expr, ok := p.types[name]
	if !ok {
		return nil, fmt.Errorf("no type %s in the package", name)
	}
	return p.shapeOfExpr(expr, p.fileOf[name])
}

// shapeOfExpr is the shape of a type expression in a file with imports.
func (p *sourcePackage) shapeOfExpr(e ast.Expr, imports map[string]string) (*shape, error) {
	switch t := e.(type) {
	case *ast.Ident:
		if k, ok := builtinKinds[t.Name]; ok {
			return &shape{kind: k}, nil
		}
		return p.shapeOfType(t.Name)
	case *ast.StarExpr:
		return p.shapeOfExpr(t.X, imports)
	case *ast.ArrayType:
		elem, err := p.shapeOfExpr(t.Elt, imports)
		return &shape{kind: "array", elem: elem}, err
	case *ast.MapType:
		if k, ok := t.Key.(*ast.Ident); !ok || k.Name != "string" {
			return nil, fmt.Errorf("map key %s: only string keys are JSON objects", types.ExprString(t.Key))
		}
		elem, err := p.shapeOfExpr(t.Value, imports)
		return &shape{kind: "object", elem: elem}, err
	case *ast.SelectorExpr:
		pkg, _ := t.X.(*ast.Ident)
		if pkg == nil {
			return nil, fmt.Errorf("type %s: unsupported selector", types.ExprString(t))
		}
		full := imports[pkg.Name] + "." + t.Sel.Name
		rt, ok := foreignTypes[full]
		if !ok {
			return nil, fmt.Errorf("type %s (%s): add it to foreignTypes", types.ExprString(t), full)
		}
		return shapeOf(rt)
	case *ast.StructType:
		return p.structShape(t, imports)
	}
	return nil, fmt.Errorf("type %s: no JSON shape", types.ExprString(e))
}

// structShape is the object a parsed struct decodes from, by the same
// rules as the reflection-based structShape.
func (p *sourcePackage) structShape(st *ast.StructType, imports map[string]string) (*shape, error) {
	s := &shape{kind: "object", fields: map[string]*shape{}}
	for _, f := range st.Fields.List {
		tag := ""
		if f.Tag != nil {
			raw, _ := strconv.Unquote(f.Tag.Value)
			tag = reflect.StructTag(raw).Get("json")
		}
		fs, err := p.shapeOfExpr(f.Type, imports)
		if err != nil {
			return nil, err
		}
		if len(f.Names) == 0 && tag == "" && fs.fields != nil {
			for n, sub := range fs.fields {
				s.fields[n] = sub
			}
			continue
		}
		for _, n := range f.Names {
			name, skip := jsonName(n.Name, tag)
			if !skip && n.IsExported() {
				s.fields[name] = fs
			}
		}
	}
	return s, nil
}
