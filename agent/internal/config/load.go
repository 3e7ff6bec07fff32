package config

import (
	"fmt"
	"os"

	"github.com/asgctl/asgctl/controller/api"
)

// DefaultPath is where the agent looks for its config file.
const DefaultPath = "/etc/asgctl/agent.json"

// maxFileBytes bounds the config file read.
const maxFileBytes = 1 << 20

// Load reads, strictly decodes, defaults and validates the config file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read agent config: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("agent config %s: %w", path, err)
	}
	return c, nil
}

// Parse decodes data strictly (an unknown field is an error naming it),
// applies the defaults and validates the result.
func Parse(data []byte) (*Config, error) {
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("config is %d bytes, more than the %d allowed", len(data), maxFileBytes)
	}
	var c Config
	if err := api.DecodeStrict(data, &c); err != nil {
		return nil, err
	}
	c = c.WithDefaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}
