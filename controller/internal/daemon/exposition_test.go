package daemon

import "testing"

func TestExpositionFormat(t *testing.T) {
	var e exposition
	e.family("x_total", "counter", "Counts things.\nSecond line \\ done.")
	e.sample("x_total", 3, "service", `we"b\`+"\n", "class", "throttled")
	e.sample("x_total", 0)
	e.byLabel("x_total", "operation", map[string]int{"b": 2, "a": 1})
	want := `# HELP x_total Counts things.\nSecond line \\ done.
# TYPE x_total counter
x_total{service="we\"b\\\n",class="throttled"} 3
x_total 0
x_total{operation="a"} 1
x_total{operation="b"} 2
`
	if got := e.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
