package verify

import (
	"fmt"
	"net/url"
	"strings"
)

// resolve is the URL a hook's raw URL names: raw itself when it is
// absolute, else raw appended to base's path, raw's query after base's.
func resolve(raw, base string) (*url.URL, error) {
	ref, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("url %q: %w", raw, err)
	}
	if ref.IsAbs() {
		return checkAbs(ref, "url", raw)
	}
	if !strings.HasPrefix(raw, "/") || ref.Host != "" {
		return nil, fmt.Errorf("url %q is neither absolute (http:// or https://) nor a path starting with /", raw)
	}
	if base == "" {
		return nil, fmt.Errorf("url %q is relative and there is no base URL to resolve it against (set verify.base_url or a test listener)", raw)
	}
	b, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", base, err)
	}
	if _, err := checkAbs(b, "base URL", base); err != nil {
		return nil, err
	}
	out := *b
	out.Path = strings.TrimSuffix(b.Path, "/") + ref.Path
	out.RawPath = strings.TrimSuffix(b.EscapedPath(), "/") + ref.EscapedPath()
	out.Fragment, out.RawFragment = "", ""
	switch {
	case b.RawQuery == "":
		out.RawQuery = ref.RawQuery
	case ref.RawQuery != "":
		out.RawQuery = b.RawQuery + "&" + ref.RawQuery
	}
	return &out, nil
}

// checkAbs returns u when it is an http or https URL with a host.
func checkAbs(u *url.URL, what, raw string) (*url.URL, error) {
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s %q must be an absolute http:// or https:// URL", what, raw)
	}
	return u, nil
}
