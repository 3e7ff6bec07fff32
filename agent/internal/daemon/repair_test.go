package daemon

import "testing"

// lastLine gives the log the last line a dead process printed. Process
// output normally ends in a newline, and that final newline does not make
// an empty or multi-line "last line".
func TestLastLine(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"one", "one"},
		{"a\nb", "b"},
		{"a\nb\nc", "c"},
		{"a\nb\n", "b"},
		{"only\n", "only"},
		{"\nb", "b"},
	}
	for _, c := range cases {
		if got := lastLine(c.in); got != c.want {
			t.Errorf("lastLine(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
