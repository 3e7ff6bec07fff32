package config

import (
	"fmt"
	"regexp"

	"github.com/asgctl/asgctl/controller/api"
)

var (
	userNameRE = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)
	uidGIDRE   = regexp.MustCompile(`^[0-9]{1,10}(:[0-9]{1,10})?$`)
)

// checkRunAs accepts a user name or uid[:gid].
func checkRunAs(v string) error {
	if userNameRE.MatchString(v) || uidGIDRE.MatchString(v) {
		return nil
	}
	return fmt.Errorf("%q must be a user name or uid[:gid]", v)
}

// validateEnvAllow requires each allowed name to be on the denylist: any
// other name needs no allowing, and a typo would silently allow nothing.
func (c *Config) validateEnvAllow(p *problems) {
	for i, name := range c.EnvAllow {
		if _, denied := api.DeniedEnv(name); !denied {
			p.add(fmt.Sprintf("env_allow[%d]", i), "%q is not on the denylist (%v); only those need allowing", name, api.DeniedEnvList())
		}
	}
}

// EnvAllowed reports whether config may set the denylisted name on this box.
func (c *Config) EnvAllowed(name string) bool {
	for _, n := range c.EnvAllow {
		if n == name {
			return true
		}
	}
	return false
}
