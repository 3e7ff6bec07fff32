package release

import (
	"fmt"
	"strings"
)

// s3Location is a parsed s3://bucket/key URL with the key split into
// path segments.
type s3Location struct {
	bucket   string
	segments []string
}

// parseS3 splits raw into bucket and key segments. A trailing "/" is
// allowed only when prefix is true (allowlist entries name folders).
func parseS3(raw string, prefix bool) (s3Location, error) {
	rest, ok := strings.CutPrefix(raw, "s3://")
	if !ok {
		return s3Location{}, fmt.Errorf("%q is not an s3:// URL", raw)
	}
	bucket, key, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return s3Location{}, fmt.Errorf("%q has no bucket", raw)
	}
	if prefix {
		key = strings.TrimSuffix(key, "/")
		if key == "" {
			return s3Location{bucket: bucket}, nil
		}
	} else if key == "" {
		return s3Location{}, fmt.Errorf("%q has no object key", raw)
	}
	segs := strings.Split(key, "/")
	for _, s := range segs {
		switch s {
		case "":
			return s3Location{}, fmt.Errorf("%q has an empty path segment (\"//\" or a trailing \"/\")", raw)
		case ".", "..":
			return s3Location{}, fmt.Errorf("%q has a %q path segment", raw, s)
		}
	}
	return s3Location{bucket: bucket, segments: segs}, nil
}

// within reports whether l is p or lies under it, comparing whole path
// segments (s3://b/web/ covers s3://b/web/x.tgz, not s3://b/webapp/x.tgz).
func (l s3Location) within(p s3Location) bool {
	if l.bucket != p.bucket || len(l.segments) < len(p.segments) {
		return false
	}
	for i, s := range p.segments {
		if l.segments[i] != s {
			return false
		}
	}
	return true
}

// Allowed returns nil when artifact is an s3://bucket/key URL under one of
// the allow prefixes (each "s3://bucket/" or "s3://bucket/some/prefix/",
// matched on whole path segments). A bad artifact URL or one outside the
// allowlist is a *RejectError; a malformed allow entry is a plain error,
// since that is a configuration mistake, not a bad artifact.
func Allowed(artifact string, allow []string) error {
	prefixes := make([]s3Location, 0, len(allow))
	for _, a := range allow {
		p, err := parseS3(a, true)
		if err != nil {
			return fmt.Errorf("artifact allowlist entry: %w", err)
		}
		prefixes = append(prefixes, p)
	}
	loc, err := parseS3(artifact, false)
	if err != nil {
		return reject(RuleURL, "", "%v; a release artifact must be s3://bucket/key with no \".\" or \"..\" segments", err)
	}
	for _, p := range prefixes {
		if loc.within(p) {
			return nil
		}
	}
	return reject(RuleNotAllowed, "", "%q is not under any allowed prefix %q; upload it under one of them or add its prefix to artifacts.allow", artifact, allow)
}
