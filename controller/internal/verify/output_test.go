package verify

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/asgctl/asgctl/controller/api"
)

func TestCapOutputCutsAtARuneBoundary(t *testing.T) {
	short := strings.Repeat("a", api.MaxHookOutput)
	if got := capOutput(short); got != short {
		t.Fatalf("an output of exactly the cap was changed to %q", got)
	}
	// "a" then 2-byte runes: the cut falls inside a rune and must back off.
	long := "a" + strings.Repeat("é", api.MaxHookOutput)
	got := capOutput(long)
	if len(got) > api.MaxHookOutput || !utf8.ValidString(got) || !strings.HasSuffix(got, "é…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Fatalf("capOutput (%d bytes) = %q: want a valid prefix of at most %d bytes ending in an ellipsis", len(got), got, api.MaxHookOutput)
	}
}

func TestQuoteBody(t *testing.T) {
	for _, tc := range []struct {
		body     string
		n, limit int
		want     string
	}{
		{"ok\n", 200, 100, `"ok\n"`},
		{"abcdef", 3, 100, `"abc"…`},
		{"aé", 2, 100, `"a"…`},
		{"a😀b", 3, 100, `"a"…`},                                         // inside a 4-byte rune                                          // the n-th byte is inside é
		{"\n\n\n\n\n\n", 6, 10, `"\n\n"…`},                              // escapes make the quoted text longer than the body
		{"abc", 3, 1, `""…`},                                            // nothing fits: an empty quote, marked as cut
		{"\x80\x80\x80\x80\x80\x80", 5, 100, `"\x80\x80\x80\x80\x80"…`}, // not UTF-8: cut where asked
	} {
		if got := quoteBody([]byte(tc.body), tc.n, tc.limit); got != tc.want {
			t.Errorf("quoteBody(%q, %d, %d) = %s, want %s", tc.body, tc.n, tc.limit, got, tc.want)
		}
	}
}
