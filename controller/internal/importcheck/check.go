package importcheck

import (
	"fmt"
	"go/token"
	"strings"
)

// rules says what checkDir enforces.
type rules struct {
	mod module
	// allow lists the import path prefixes outside the standard library a
	// package may import; anything else outside it is a problem.
	allow []string
	// pure forbids Forbidden imports (also in allowed packages of this
	// module, transitively) and wall-clock uses of package time.
	pure bool
}

// checkDir checks the package in dir and returns its problems, each starting
// with file:line. A package that cannot be loaded is one problem.
func checkDir(dir string, r rules) []string {
	p, err := loadDir(dir)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	seen := map[string]bool{}
	for _, imp := range p.imports() {
		where := position(r.mod, imp.pos)
		switch {
		case isStdlib(imp.path, r.mod.path):
			if r.pure && isForbidden(imp.path) {
				out = append(out, fmt.Sprintf("%s: imports %q, which does I/O or is non-deterministic", where, imp.path))
			}
		case !r.allowed(imp.path):
			out = append(out, fmt.Sprintf("%s: imports %q, which is outside the standard library%s", where, imp.path, r.allowedHint()))
		case r.pure && within(imp.path, r.mod.path):
			out = append(out, r.transitive(imp.path, []string{imp.path}, seen)...)
		}
	}
	if r.pure {
		out = append(out, clockUses(p, r.mod)...)
	}
	return out
}

// transitive reports Forbidden imports of the module package path and of
// every module package it reaches; chain is how path was reached.
func (r rules) transitive(path string, chain []string, seen map[string]bool) []string {
	if seen[path] {
		return nil
	}
	seen[path] = true
	dir, err := r.mod.dirOf(path)
	if err != nil {
		return []string{err.Error()}
	}
	p, err := loadDir(dir)
	if err != nil {
		return []string{fmt.Sprintf("%s (reached via %s)", err, strings.Join(chain, " -> "))}
	}
	var out []string
	for _, imp := range p.imports() {
		switch {
		case isStdlib(imp.path, r.mod.path):
			if isForbidden(imp.path) {
				out = append(out, fmt.Sprintf("%s: imports %q, which does I/O or is non-deterministic (reached via %s)",
					position(r.mod, imp.pos), imp.path, strings.Join(chain, " -> ")))
			}
		case within(imp.path, r.mod.path):
			out = append(out, r.transitive(imp.path, append(chain[:len(chain):len(chain)], imp.path), seen)...)
		}
	}
	return out
}

func (r rules) allowed(path string) bool {
	for _, a := range r.allow {
		if within(path, a) {
			return true
		}
	}
	return false
}

func (r rules) allowedHint() string {
	if len(r.allow) == 0 {
		return ""
	}
	return " and not under " + strings.Join(r.allow, ", ")
}

// position formats pos as file:line, the file relative to the module root.
func position(m module, pos token.Position) string {
	return fmt.Sprintf("%s:%d", m.rel(pos.Filename), pos.Line)
}

// at is position for a token.Pos of p.
func at(p *pkgFiles, m module, pos token.Pos) string {
	return position(m, p.fset.Position(pos))
}
