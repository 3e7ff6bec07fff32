package envfile

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Merge combines the global and service variables; a service value replaces
// a global one with the same name. Every name and value is checked (see
// Check); the first problem in name order is returned.
func Merge(global, service map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(global)+len(service))
	maps.Copy(out, global)
	maps.Copy(out, service)
	if err := Check(out); err != nil {
		return nil, err
	}
	return out, nil
}

// Check reports the first invalid variable in name order: names must match
// [A-Za-z_][A-Za-z0-9_]*, and values must be valid UTF-8 (systemd silently
// drops other assignments) without NUL, carriage return or newline.
func Check(vars map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		if !nameRE.MatchString(k) {
			return fmt.Errorf("env name %q: must match [A-Za-z_][A-Za-z0-9_]*", k)
		}
		if err := checkValue(vars[k]); err != nil {
			return fmt.Errorf("env %s: %w", k, err)
		}
	}
	return nil
}

func checkValue(v string) error {
	switch {
	case strings.ContainsRune(v, 0):
		return fmt.Errorf("value contains a NUL byte")
	case strings.ContainsAny(v, "\n\r"):
		return fmt.Errorf("value contains a newline")
	case !utf8.ValidString(v):
		return fmt.Errorf("value is not valid UTF-8")
	}
	return nil
}
