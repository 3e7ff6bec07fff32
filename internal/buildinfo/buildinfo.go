// Package buildinfo says which version of asgctl a binary is: the version
// Go stamped into it (the module version or VCS tag at build time), or
// "dev" for a build without one. It imports only the standard library.
package buildinfo

import "runtime/debug"

// Version returns the binary's version.
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
