package envfile

import (
	"strings"
	"testing"
)

func TestMergeServiceWins(t *testing.T) {
	got, err := Merge(
		map[string]string{"A": "global", "B": "global"},
		map[string]string{"B": "service", "C": "service"},
	)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"A": "global", "B": "service", "C": "service"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestMergeRejects(t *testing.T) {
	cases := []struct {
		name            string
		global, service map[string]string
		want            string
	}{
		{"digit first", nil, map[string]string{"1A": "x"}, `env name "1A"`},
		{"dash", map[string]string{"MY-VAR": "x"}, nil, `env name "MY-VAR"`},
		{"empty name", map[string]string{"": "x"}, nil, `env name ""`},
		{"space", nil, map[string]string{"A B": "x"}, `env name "A B"`},
		{"nul", nil, map[string]string{"TOKEN": "a\x00b"}, "env TOKEN: value contains a NUL byte"},
		{"newline", map[string]string{"CERT": "a\nb"}, nil, "env CERT: value contains a newline"},
		{"carriage return", map[string]string{"CR": "a\rb"}, nil, "env CR: value contains a newline"},
		{"bad utf8", map[string]string{"BIN": "\xff"}, nil, "env BIN: value is not valid UTF-8"},
		{"service overrides with bad", map[string]string{"X": "ok"}, map[string]string{"X": "a\nb"}, "env X:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Merge(c.global, c.service)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestMergeServiceFixesBadGlobal(t *testing.T) {
	if _, err := Merge(map[string]string{"X": "a\nb"}, map[string]string{"X": "ok"}); err != nil {
		t.Fatalf("service value replaces the global one before checking: %v", err)
	}
}
