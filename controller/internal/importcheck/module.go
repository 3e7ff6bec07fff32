package importcheck

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// module is the Go module the checked packages live in.
type module struct {
	root string // directory holding go.mod
	path string // module path from go.mod
}

// findModule walks up from dir to the nearest go.mod.
func findModule(dir string) (module, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return module{}, fmt.Errorf("find module: %w", err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			path, err := modulePath(data)
			if err != nil {
				return module{}, fmt.Errorf("%s: %w", filepath.Join(dir, "go.mod"), err)
			}
			return module{root: dir, path: path}, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return module{}, fmt.Errorf("find module: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return module{}, errors.New("find module: no go.mod above the working directory")
		}
		dir = parent
	}
}

// modulePath returns the path on go.mod's module line.
func modulePath(gomod []byte) (string, error) {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		fields := strings.Fields(line)
		if len(fields) != 2 || fields[0] != "module" {
			continue
		}
		if p, err := strconv.Unquote(fields[1]); err == nil {
			return p, nil
		}
		return fields[1], nil
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("read go.mod: %w", err)
	}
	return "", errors.New("no module line")
}

// dirOf returns the directory of importPath: computed from the module root
// for packages of this module, found by go/build for anything else.
func (m module) dirOf(importPath string) (string, error) {
	if within(importPath, m.path) {
		rel := strings.TrimPrefix(strings.TrimPrefix(importPath, m.path), "/")
		return filepath.Join(m.root, filepath.FromSlash(rel)), nil
	}
	pkg, err := build.Import(importPath, m.root, build.FindOnly)
	if err != nil {
		return "", fmt.Errorf("find package %s: %w", importPath, err)
	}
	return pkg.Dir, nil
}

// rel shortens a file name to be relative to the module root when it can.
func (m module) rel(file string) string {
	if r, err := filepath.Rel(m.root, file); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return file
}
