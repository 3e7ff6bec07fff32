package envfile

import (
	"bytes"
	"testing"
)

var tricky = map[string]string{
	"EMPTY":     "",
	"PLAIN":     "hello",
	"SPACES":    "  leading and trailing  ",
	"DQUOTE":    `say "hi"`,
	"SQUOTE":    `it's`,
	"BACKSLASH": `C:\path\n\t`,
	"DOLLAR":    "$HOME ${USER} $$",
	"BACKTICK":  "`id`",
	"HASH":      "#not a comment",
	"EQUALS":    "a=b=c",
	"SEMI":      "; x",
	"TRAILING":  `ends with \`,
	"UNICODE":   "héllo ✓",
	"TAB":       "a\tb",
	"MIXED":     `\"$` + "`" + `\\`,
}

func TestRenderRoundTrip(t *testing.T) {
	got, err := parseEnvFile(string(Render(tricky)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(tricky) {
		t.Fatalf("parsed %d vars, want %d: %v", len(got), len(tricky), got)
	}
	for k, v := range tricky {
		if got[k] != v {
			t.Errorf("%s: parsed %q, want %q", k, got[k], v)
		}
	}
}

func TestRenderExactAndSorted(t *testing.T) {
	got := Render(map[string]string{"B": `a"b`, "A": "$x", "C": `back\`})
	want := "# written by asgctl-agent; do not edit\n" +
		`A="\$x"` + "\n" + `B="a\"b"` + "\n" + `C="back\\"` + "\n"
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRenderDeterministic(t *testing.T) {
	first := Render(tricky)
	for range 20 {
		if !bytes.Equal(Render(tricky), first) {
			t.Fatal("Render output changed between calls")
		}
	}
}
