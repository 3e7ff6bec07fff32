package envfile

import (
	"fmt"
	"strings"
)

// parseEnvFile is a small reader for the subset of systemd's EnvironmentFile
// syntax Render produces, following env-file.c: '#' lines are comments,
// NAME="value" assigns, and inside double quotes a backslash before one of
// " \ ` $ yields that character while before anything else both are kept.
func parseEnvFile(data string) (map[string]string, error) {
	out := map[string]string{}
	for i, line := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		name, rest, ok := strings.Cut(line, "=")
		if !ok || len(rest) < 2 || rest[0] != '"' || rest[len(rest)-1] != '"' {
			return nil, fmt.Errorf("line %d: not NAME=\"value\": %q", i+1, line)
		}
		v, err := unquote(rest[1 : len(rest)-1])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		out[name] = v
	}
	return out, nil
}

func unquote(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return "", fmt.Errorf("unescaped double quote at %d", i)
		case c != '\\':
			b.WriteByte(c)
		case i+1 == len(s):
			return "", fmt.Errorf("trailing backslash")
		case strings.IndexByte("\"\\`$", s[i+1]) >= 0:
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte('\\')
		}
	}
	return b.String(), nil
}
