package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

var bucketRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

func (c *Config) validateDirs(p *problems) {
	d := c.Dirs
	absPath(p, "dirs.releases", d.Releases)
	absPath(p, "dirs.env", d.Env)
	absPath(p, "dirs.state", d.State)
	seen := map[string]string{}
	for _, f := range []struct{ name, v string }{{"dirs.releases", d.Releases}, {"dirs.env", d.Env}, {"dirs.state", d.State}} {
		if other, dup := seen[f.v]; dup && f.v != "" {
			p.add(f.name, "%q is the same directory as %s", f.v, other)
		}
		seen[f.v] = f.name
	}
}

func (c *Config) validateArtifacts(p *problems) {
	a := c.Artifacts
	if len(a.Allow) == 0 {
		p.add("artifacts.allow", "required: at least one s3://bucket/prefix/ the agent may fetch from")
	}
	for i, e := range a.Allow {
		if err := checkS3Prefix(e); err != nil {
			p.add(fmt.Sprintf("artifacts.allow[%d]", i), "%v", err)
		}
	}
	optionalAbs(p, "artifacts.public_key_file", a.PublicKeyFile)
	if a.MaxBytes <= 0 {
		p.add("artifacts.max_bytes", "must be positive, got %d", a.MaxBytes)
	}
	if a.MaxEntries <= 0 {
		p.add("artifacts.max_entries", "must be positive, got %d", a.MaxEntries)
	}
	if a.MaxRatio <= 0 {
		p.add("artifacts.max_ratio", "must be positive, got %d", a.MaxRatio)
	}
	positive(p, "artifacts.download_timeout", a.DownloadTimeout)
	positive(p, "artifacts.stall_timeout", a.StallTimeout)
}

// checkS3Prefix accepts s3://bucket/ or s3://bucket/prefix/; the trailing
// slash keeps "s3://b/web/" from also allowing "s3://b/web-evil/...".
func checkS3Prefix(e string) error {
	rest, ok := strings.CutPrefix(e, "s3://")
	if !ok {
		return fmt.Errorf("%q must start with s3://", e)
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	switch {
	case !bucketRE.MatchString(bucket):
		return fmt.Errorf("%q: %q is not an S3 bucket name", e, bucket)
	case !strings.HasSuffix(e, "/"):
		return fmt.Errorf("%q must end with / so it only matches whole path segments", e)
	case strings.Contains(prefix, "//") || strings.Contains("/"+prefix, "/../") || strings.Contains("/"+prefix, "/./"):
		return fmt.Errorf("%q has empty, '.' or '..' path segments", e)
	}
	return nil
}

func (c *Config) validateHooks(p *problems) {
	if h := c.LifecycleHook; h != "" && (len(h) > 255 || !hookRE.MatchString(h)) {
		p.add("lifecycle_hook", "%q must be 1-255 letters, digits, '-', '_' or '/'", h)
	}
	if w := c.Notify.WebhookURL; w != "" {
		u, err := url.Parse(w)
		switch {
		case err != nil:
			p.add("notify.webhook_url", "%q is not a URL: %v", w, err)
		case u.Scheme != "https" && u.Scheme != "http", u.Host == "":
			p.add("notify.webhook_url", "%q must be an http(s) URL with a host", w)
		}
	}
}
