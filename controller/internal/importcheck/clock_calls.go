package importcheck

import (
	"fmt"
	"go/ast"
	"strconv"
)

// clockUses reports every use of a clockFuncs function of package time in
// the package, honouring import aliases and local variables that shadow the
// package name. A dot import of time is reported too, since it would hide
// such uses.
func clockUses(p *pkgFiles, m module) []string {
	var out []string
	for _, f := range p.files {
		names := map[string]bool{}
		for _, spec := range f.Imports {
			if path, _ := strconv.Unquote(spec.Path.Value); path != "time" {
				continue
			}
			switch {
			case spec.Name == nil:
				names["time"] = true
			case spec.Name.Name == ".":
				out = append(out, fmt.Sprintf("%s: dot-imports \"time\", which hides wall-clock calls", at(p, m, spec.Pos())))
			case spec.Name.Name != "_":
				names[spec.Name.Name] = true
			}
		}
		if len(names) == 0 {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || !clockFuncs[sel.Sel.Name] {
				return true
			}
			// A package name is never resolved by the parser, so an Obj
			// means a local variable or parameter shadows the import.
			if id, ok := sel.X.(*ast.Ident); ok && names[id.Name] && id.Obj == nil {
				out = append(out, fmt.Sprintf("%s: uses time.%s; pure code takes the time as a value", at(p, m, sel.Pos()), sel.Sel.Name))
			}
			return true
		})
	}
	return out
}
