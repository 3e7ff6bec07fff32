package api

import "strings"

// Environment variables that make a loader, a shell or a language runtime
// run code of their choosing before the service's own: whoever can write
// config would then run code on every box, around artifact signing. The
// CLI refuses them in `config set` and the agent refuses to render them
// unless its own config allows the name (env_allow). Names are matched
// exactly, prefixes by their start.
var (
	deniedEnvNames = map[string]string{
		"PATH":              "chooses which programs run",
		"NODE_OPTIONS":      "passes options such as --require to every Node.js process",
		"PYTHONSTARTUP":     "runs a Python file at interpreter start",
		"PYTHONHOME":        "replaces the Python standard library",
		"PERL5OPT":          "passes options such as -M to every Perl process",
		"PERL5DB":           "runs a Perl debugger command",
		"RUBYOPT":           "passes options such as -r to every Ruby process",
		"BASH_ENV":          "makes bash run a file first",
		"ENV":               "makes sh run a file first",
		"JAVA_TOOL_OPTIONS": "passes options such as -javaagent to every JVM",
		"_JAVA_OPTIONS":     "passes options such as -javaagent to every JVM",
		"JDK_JAVA_OPTIONS":  "passes options such as -javaagent to the java launcher",
		"GCONV_PATH":        "makes glibc load modules from a path",
	}
	deniedEnvPrefixes = map[string]string{
		"LD_":   "steers the dynamic loader (LD_PRELOAD, LD_LIBRARY_PATH, ...)",
		"DYLD_": "steers the dynamic loader",
	}
)

// DeniedEnv reports whether name is a loader or interpreter variable that
// config may not set, and why.
func DeniedEnv(name string) (why string, denied bool) {
	if why, ok := deniedEnvNames[name]; ok {
		return why, true
	}
	for p, why := range deniedEnvPrefixes {
		if strings.HasPrefix(name, p) {
			return why, true
		}
	}
	return "", false
}

// DeniedEnvList is the denylist as documentation: exact names, then
// prefixes (ending in "*").
func DeniedEnvList() []string {
	out := []string{"BASH_ENV", "DYLD_*", "ENV", "GCONV_PATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "LD_*",
		"NODE_OPTIONS", "PATH", "PERL5DB", "PERL5OPT", "PYTHONHOME", "PYTHONSTARTUP", "RUBYOPT", "_JAVA_OPTIONS"}
	return out
}
