package envfile

import (
	"bytes"
	"maps"
	"slices"
	"strings"
)

// escaper escapes the characters that systemd's EnvironmentFile parser
// (and a POSIX shell) treats specially inside double quotes.
var escaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`)

// Render writes one NAME="value" line per variable, sorted by name. Inside
// the double quotes backslash, double quote, backquote and dollar are
// escaped with a backslash, which systemd.exec(5) EnvironmentFile= parsing
// and a shell's "source" both undo. Values must have passed Check.
func Render(vars map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString("# written by asgctl-agent; do not edit\n")
	for _, k := range slices.Sorted(maps.Keys(vars)) {
		b.WriteString(k)
		b.WriteString(`="`)
		b.WriteString(escaper.Replace(vars[k]))
		b.WriteString("\"\n")
	}
	return b.Bytes()
}
