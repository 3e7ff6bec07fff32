package envfile

import (
	"bytes"
	"fmt"
	"strings"
)

// Parse reads a file Render wrote back into its variables: comment lines,
// and NAME="value" lines whose value escapes backslash, double quote,
// backquote and dollar with a backslash. Anything else is an error naming
// the line, so a hand-edited file is refused rather than half-read.
func Parse(data []byte) (map[string]string, error) {
	vars := map[string]string{}
	for n, line := range bytes.Split(data, []byte("\n")) {
		s := string(line)
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		name, quoted, ok := strings.Cut(s, "=")
		if !ok || len(quoted) < 2 || quoted[0] != '"' || quoted[len(quoted)-1] != '"' {
			return nil, fmt.Errorf("env file line %d: want NAME=\"value\"", n+1)
		}
		v, err := unescape(quoted[1 : len(quoted)-1])
		if err != nil {
			return nil, fmt.Errorf("env file line %d: %w", n+1, err)
		}
		vars[name] = v
	}
	if err := Check(vars); err != nil {
		return nil, err
	}
	return vars, nil
}

// unescape undoes Render's escaper; an unescaped special character or a
// stray backslash is an error.
func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\\"`$", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i++
		case strings.IndexByte("\\\"`$", c) >= 0:
			return "", fmt.Errorf("unescaped %q at byte %d", c, i)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
