package verify

import (
	"strconv"
	"unicode/utf8"

	"github.com/asgctl/asgctl/controller/api"
)

// ellipsis marks text that was cut.
const ellipsis = "…"

// capOutput cuts s to at most api.MaxHookOutput bytes, at a UTF-8
// boundary, ending in an ellipsis when it cut.
func capOutput(s string) string {
	return cut(s, api.MaxHookOutput)
}

// cut returns s when it has at most limit bytes, else its longest prefix
// that ends at a UTF-8 boundary and, with an ellipsis, has at most limit
// bytes.
func cut(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	n := limit - len(ellipsis)
	if n < 0 {
		return ""
	}
	return s[:boundary(s, n)] + ellipsis
}

// boundary moves n, an index into s, back to the start of the rune that
// spans it, if any; in invalid UTF-8 it stays where it is.
func boundary(s string, n int) int {
	if n <= 0 || n >= len(s) {
		return n
	}
	for j := n - 1; j >= 0 && j > n-utf8.UTFMax; j-- {
		if utf8.RuneStart(s[j]) {
			if _, size := utf8.DecodeRuneInString(s[j:]); j+size > n {
				return j
			}
			return n
		}
	}
	return n
}

// quoteBody is the first n bytes of body, Go-quoted, followed by an
// ellipsis when that is not the whole body; fewer bytes when the quoted
// text would be longer than limit. It cuts at a UTF-8 boundary.
func quoteBody(body []byte, n, limit int) string {
	s := string(body)
	for {
		n = boundary(s, min(max(n, 0), len(s)))
		q := strconv.Quote(s[:n])
		if n < len(s) {
			q += ellipsis
		}
		if len(q) <= limit || n == 0 {
			return q
		}
		// Dropping k bytes of s shortens the quoted text by at least k.
		n -= len(q) - limit
	}
}
