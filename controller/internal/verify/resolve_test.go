package verify

import (
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ raw, base, want string }{
		{"https://qa.example/check?x=1", "", "https://qa.example/check?x=1"},
		{"https://qa.example/check", "http://lb:8080", "https://qa.example/check"},
		{"/health", "http://lb:8080", "http://lb:8080/health"},
		{"/health", "http://lb:8080/", "http://lb:8080/health"},
		{"/health/deep?full=1", "https://lb/app", "https://lb/app/health/deep?full=1"},
		{"/health?full=1", "https://lb/app/?k=v", "https://lb/app/health?k=v&full=1"},
		{"/a%2Fb", "http://lb/p%20q/", "http://lb/p%20q/a%2Fb"},
	} {
		u, err := resolve(tc.raw, tc.base)
		if err != nil || u.String() != tc.want {
			t.Errorf("resolve(%q, %q) = %v, %v; want %s", tc.raw, tc.base, u, err, tc.want)
		}
	}
}

func TestResolveRejects(t *testing.T) {
	for _, tc := range []struct{ raw, base, want string }{
		{"/health", "", "no base URL"},
		{"health", "http://lb", "neither absolute"},
		{"//other/health", "http://lb", "neither absolute"},
		{"ftp://x/y", "", "must be an absolute http:// or https:// URL"},
		{"/health", "lb:8080", `base URL "lb:8080"`},
		{"/health", "http://", `base URL "http://" must be`},
		{"http://x/%zz", "", `url "http://x/%zz"`},
	} {
		if _, err := resolve(tc.raw, tc.base); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("resolve(%q, %q): error %v, want one containing %q", tc.raw, tc.base, err, tc.want)
		}
	}
}
