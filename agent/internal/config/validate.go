package config

import (
	"fmt"
	"path/filepath"
	"regexp"
	"time"

	"github.com/asgctl/asgctl/controller/api"
)

// Limits the validator enforces.
const (
	MaxProcesses = 64
	MaxSuccesses = 100
)

var (
	serviceRE    = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	instanceIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	regionRE     = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+)+$`)
	hookRE       = regexp.MustCompile(`^[A-Za-z0-9_/-]+$`)
	placeholder  = regexp.MustCompile(`\{[^{}]*\}`)
)

// problems collects validation failures, each prefixed with its JSON path.
type problems []string

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, field+": "+fmt.Sprintf(format, args...))
}

// Validate reports every problem at once as an *api.ValidationError (kind
// "agent config"), or nil. Call it on a defaulted config (WithDefaults).
func (c *Config) Validate() error {
	var p problems
	c.validateIdentity(&p)
	c.validateProcesses(&p)
	c.validatePorts(&p)
	c.validateHealth(&p)
	c.validateRotation(&p)
	c.validateSupervisor(&p)
	c.validateDirs(&p)
	c.validateArtifacts(&p)
	c.validateHooks(&p)
	c.validateEnvAllow(&p)
	if len(p) == 0 {
		return nil
	}
	return &api.ValidationError{Kind: "agent config", Problems: p}
}

func (c *Config) validateIdentity(p *problems) {
	if c.Version != Version {
		p.add("version", "must be %d, got %d", Version, c.Version)
	}
	switch {
	case c.Service == "":
		p.add("service", "required")
	case len(c.Service) > api.MaxNameLen || !serviceRE.MatchString(c.Service):
		p.add("service", "%q must be 1-%d lowercase letters, digits or dashes, starting with a letter", c.Service, api.MaxNameLen)
	}
	if c.InstanceID != "" && !instanceIDRE.MatchString(c.InstanceID) {
		p.add("instance_id", "%q must be letters, digits, '.', '_' or '-' (empty: ask IMDSv2)", c.InstanceID)
	}
	if c.Region != "" && !regionRE.MatchString(c.Region) {
		p.add("region", "%q is not an AWS region such as \"us-east-1\" (empty: ask IMDSv2)", c.Region)
	}
	if err := checkHostPort(c.Consul.Address); err != nil {
		p.add("consul.address", "%v", err)
	}
	optionalAbs(p, "consul.token_file", c.Consul.TokenFile)
}

func positive(p *problems, field string, d api.Duration) {
	if d.D() <= 0 {
		p.add(field, "must be a positive duration, got %s", d.D())
	}
}

func absPath(p *problems, field, path string) {
	switch {
	case path == "":
		p.add(field, "required")
	case !filepath.IsAbs(path):
		p.add(field, "%q must be an absolute path", path)
	case filepath.Clean(path) != path:
		p.add(field, "%q must be a clean path (no trailing slash, '.' or '..')", path)
	}
}

func optionalAbs(p *problems, field, path string) {
	if path != "" {
		absPath(p, field, path)
	}
}

func atLeast(p *problems, field string, d, min time.Duration) {
	if d > 0 && d < min {
		p.add(field, "must be at least %s, got %s", min, d)
	}
}
