package daemon

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// exposition writes the Prometheus text format (version 0.0.4): per
// family a HELP and a TYPE line, then its samples.
type exposition struct{ b strings.Builder }

// contentType is the media type of the text format.
const contentType = "text/plain; version=0.0.4; charset=utf-8"

// family starts a metric family; typ is "counter" or "gauge".
func (e *exposition) family(name, typ, help string) {
	e.b.WriteString("# HELP " + name + " " + escapeHelp(help) + "\n")
	e.b.WriteString("# TYPE " + name + " " + typ + "\n")
}

// sample writes one sample; labels are name, value pairs.
func (e *exposition) sample(name string, value int, labels ...string) {
	e.b.WriteString(name)
	if len(labels) > 0 {
		e.b.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				e.b.WriteByte(',')
			}
			e.b.WriteString(labels[i] + `="` + escapeLabel(labels[i+1]) + `"`)
		}
		e.b.WriteByte('}')
	}
	e.b.WriteString(" " + strconv.Itoa(value) + "\n")
}

// byLabel writes one sample per key of values, sorted, under label.
func (e *exposition) byLabel(name, label string, values map[string]int) {
	for _, k := range slices.Sorted(maps.Keys(values)) {
		e.sample(name, values[k], label, k)
	}
}

func (e *exposition) String() string { return e.b.String() }

// escapeHelp escapes backslashes and newlines, as HELP text requires.
func escapeHelp(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

// escapeLabel escapes backslashes, double quotes and newlines in a label
// value.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
