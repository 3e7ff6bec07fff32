package policies_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// operation is one AWS operation the code calls and the IAM actions its
// caller needs, as read from the source (the internal-package rule keeps
// this package from importing awsapi or fetch).
type operation struct {
	Name   string
	Caller string // "controller" or "agent"
	IAM    []string
}

const (
	operationsFile = "../controller/internal/awsapi/operations.go"
	fetcherFile    = "../agent/internal/fetch/fetcher.go"
)

// codeOperations is the awsapi Operations table plus one operation per
// method of the agent's S3API interface (GetObject needs s3:GetObject).
// It fails the test when parsing finds nothing, so a refactor of either
// file cannot silently empty the list the policies are checked against.
func codeOperations(t *testing.T) []operation {
	t.Helper()
	ops := tableOperations(t, operationsFile)
	if len(ops) == 0 {
		t.Fatalf("%s: found no entries in the Operations table; update source_test.go to the new shape", operationsFile)
	}
	methods := interfaceMethods(t, fetcherFile, "S3API")
	if len(methods) == 0 {
		t.Fatalf("%s: found no methods in interface S3API; update source_test.go to the new shape", fetcherFile)
	}
	for _, m := range methods {
		ops = append(ops, operation{Name: m, Caller: "agent", IAM: []string{"s3:" + m}})
	}
	return ops
}

func parseFile(t *testing.T, path string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.FromSlash(path), nil, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return f
}

// tableOperations reads the elements of `var Operations = ...([]Operation{...})`,
// positional or keyed, using the field order of `type Operation struct`.
func tableOperations(t *testing.T, path string) []operation {
	t.Helper()
	f := parseFile(t, path)
	fields := structFields(f, "Operation")
	if len(fields) == 0 {
		t.Fatalf("%s: no struct type Operation", path)
	}
	table := operationsLiteral(f)
	if table == nil {
		t.Fatalf("%s: no []Operation composite literal in var Operations", path)
	}
	var ops []operation
	for _, elt := range table.Elts {
		lit, ok := elt.(*ast.CompositeLit)
		if !ok {
			t.Fatalf("%s: Operations element %T is not a composite literal", path, elt)
		}
		vals := literalFields(lit, fields)
		op := operation{Name: stringLit(t, vals["Name"]), Caller: stringLit(t, vals["Caller"]), IAM: stringsLit(t, vals["IAM"])}
		if op.Name == "" || op.Caller == "" || len(op.IAM) == 0 {
			t.Fatalf("%s: Operations element %+v lacks Name, Caller or IAM", path, op)
		}
		ops = append(ops, op)
	}
	return ops
}

func structFields(f *ast.File, name string) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != name {
			return true
		}
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, fld := range st.Fields.List {
				for _, id := range fld.Names {
					out = append(out, id.Name)
				}
			}
		}
		return false
	})
	return out
}

// operationsLiteral finds the []Operation literal inside the value of var Operations.
func operationsLiteral(f *ast.File) *ast.CompositeLit {
	var found *ast.CompositeLit
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "Operations" || len(vs.Values) != 1 {
			return found == nil
		}
		ast.Inspect(vs.Values[0], func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || found != nil {
				return found == nil
			}
			if at, ok := lit.Type.(*ast.ArrayType); ok {
				if id, ok := at.Elt.(*ast.Ident); ok && id.Name == "Operation" {
					found = lit
				}
			}
			return found == nil
		})
		return false
	})
	return found
}

func literalFields(lit *ast.CompositeLit, fields []string) map[string]ast.Expr {
	out := map[string]ast.Expr{}
	for i, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				out[id.Name] = kv.Value
			}
			continue
		}
		if i < len(fields) {
			out[fields[i]] = e
		}
	}
	return out
}

func stringLit(t *testing.T, e ast.Expr) string {
	t.Helper()
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		t.Fatalf("expected a string literal in the Operations table, got %T", e)
	}
	s, err := strconv.Unquote(bl.Value)
	if err != nil {
		t.Fatalf("unquote %s: %v", bl.Value, err)
	}
	return s
}

func stringsLit(t *testing.T, e ast.Expr) []string {
	t.Helper()
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		t.Fatalf("expected a []string literal for IAM in the Operations table, got %T", e)
	}
	var out []string
	for _, el := range lit.Elts {
		out = append(out, stringLit(t, el))
	}
	return out
}

// interfaceMethods lists the method names of interface type name in path.
func interfaceMethods(t *testing.T, path, name string) []string {
	t.Helper()
	var out []string
	ast.Inspect(parseFile(t, path), func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != name {
			return true
		}
		if it, ok := ts.Type.(*ast.InterfaceType); ok {
			for _, m := range it.Methods.List {
				for _, id := range m.Names {
					out = append(out, id.Name)
				}
			}
		}
		return false
	})
	return out
}
