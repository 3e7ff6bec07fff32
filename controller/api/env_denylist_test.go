package api

import (
	"strings"
	"testing"
)

func TestDeniedEnv(t *testing.T) {
	for _, name := range []string{"LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "NODE_OPTIONS", "PYTHONSTARTUP",
		"PERL5OPT", "RUBYOPT", "BASH_ENV", "ENV", "PATH", "JAVA_TOOL_OPTIONS"} {
		if why, ok := DeniedEnv(name); !ok || why == "" {
			t.Errorf("DeniedEnv(%q) = %q, %v; want denied with a reason", name, why, ok)
		}
	}
	for _, name := range []string{"DATABASE_URL", "PORT", "LDAP_URL", "ENVIRONMENT", "PATH_PREFIX", "NODE_ENV"} {
		if _, ok := DeniedEnv(name); ok {
			t.Errorf("DeniedEnv(%q): denied, want allowed", name)
		}
	}
}

// Every entry of the documented list is denied, and every denied name or
// prefix is in the list.
func TestDeniedEnvListMatches(t *testing.T) {
	listed := map[string]bool{}
	for _, e := range DeniedEnvList() {
		listed[e] = true
		name := strings.TrimSuffix(e, "*") + map[bool]string{true: "X", false: ""}[strings.HasSuffix(e, "*")]
		if _, ok := DeniedEnv(name); !ok {
			t.Errorf("listed %q is not denied", e)
		}
	}
	for n := range deniedEnvNames {
		if !listed[n] {
			t.Errorf("denied %q is not in DeniedEnvList", n)
		}
	}
	for p := range deniedEnvPrefixes {
		if !listed[p+"*"] {
			t.Errorf("denied prefix %q is not in DeniedEnvList", p)
		}
	}
}
