package daemon_test

import (
	"strconv"
	"strings"
	"testing"
)

// exposition is a parsed Prometheus text exposition.
type exposition struct {
	types   map[string]string  // family -> type
	helps   map[string]string  // family -> help
	samples map[string]float64 // `name{l="v",...}` as written -> value
}

// parseMetrics parses the text format strictly enough to catch malformed
// output: every sample belongs to a family declared before it.
func parseMetrics(t *testing.T, text string) exposition {
	t.Helper()
	m := exposition{types: map[string]string{}, helps: map[string]string{}, samples: map[string]float64{}}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "# HELP "):
			name, help, _ := strings.Cut(strings.TrimPrefix(line, "# HELP "), " ")
			m.helps[name] = help
		case strings.HasPrefix(line, "# TYPE "):
			name, typ, _ := strings.Cut(strings.TrimPrefix(line, "# TYPE "), " ")
			if typ != "counter" && typ != "gauge" {
				t.Fatalf("line %d: type %q", i+1, typ)
			}
			m.types[name] = typ
		default:
			series, value, ok := strings.Cut(line, " ")
			v, err := strconv.ParseFloat(value, 64)
			if !ok || err != nil {
				t.Fatalf("line %d: malformed sample %q", i+1, line)
			}
			name, _, _ := strings.Cut(series, "{")
			if m.types[name] == "" || m.helps[name] == "" {
				t.Fatalf("line %d: sample of undeclared family %q", i+1, name)
			}
			if strings.HasSuffix(name, "_total") != (m.types[name] == "counter") {
				t.Fatalf("line %d: %s is a %s", i+1, name, m.types[name])
			}
			m.samples[series] = v
		}
	}
	return m
}

// series formats name with label pairs as the exposition writes them.
func series(name string, labels ...string) string {
	if len(labels) == 0 {
		return name
	}
	var b strings.Builder
	b.WriteString(name + "{")
	for i := 0; i+1 < len(labels); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(labels[i] + `="` + labels[i+1] + `"`)
	}
	return b.String() + "}"
}

func (m exposition) has(name string, labels ...string) bool {
	_, ok := m.samples[series(name, labels...)]
	return ok
}

func (m exposition) value(t *testing.T, name string, labels ...string) float64 {
	t.Helper()
	v, ok := m.samples[series(name, labels...)]
	if !ok {
		t.Fatalf("no sample %s", series(name, labels...))
	}
	return v
}
