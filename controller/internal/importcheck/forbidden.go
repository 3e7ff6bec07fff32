package importcheck

import "strings"

// Forbidden lists the standard-library packages a pure package may not
// import because they do I/O or are non-deterministic. An entry also forbids
// every package below it ("net" forbids "net/http").
var Forbidden = []string{
	"os", "os/exec", "os/signal",
	"net",
	"io/ioutil", "io/fs",
	"syscall", "unsafe",
	"math/rand", "math/rand/v2", "crypto/rand",
	"log", "log/slog",
	"runtime", "sync", "context",
	"plugin", "database/sql", "embed",
}

// clockFuncs are the package time functions that read the wall clock or
// wait on it. Pure code takes the time as a value instead.
var clockFuncs = map[string]bool{
	"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true,
	"AfterFunc": true, "NewTimer": true, "NewTicker": true, "Tick": true,
}

// isForbidden reports whether path is on (or below an entry of) Forbidden.
func isForbidden(path string) bool {
	for _, f := range Forbidden {
		if path == f || strings.HasPrefix(path, f+"/") {
			return true
		}
	}
	return false
}

// within reports whether path is prefix or a package below it.
func within(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, strings.TrimSuffix(prefix, "/")+"/")
}

// isStdlib reports whether path names a standard-library package: its first
// element has no dot (the go tool's rule) and it is not in module modPath.
func isStdlib(path, modPath string) bool {
	if within(path, modPath) {
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
