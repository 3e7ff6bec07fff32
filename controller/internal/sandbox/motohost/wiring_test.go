package motohost_test

import (
	"github.com/asgctl/asgctl/controller/internal/sandbox/agenthost"
	"github.com/asgctl/asgctl/controller/internal/sandbox/balancer"
	"github.com/asgctl/asgctl/controller/internal/sandbox/motohost"
)

// The sandbox wires the package to these parts.
var (
	_ motohost.Host   = (*agenthost.Host)(nil) // runs the Mirror's instances
	_ motohost.Health = (*agenthost.Host)(nil) // probes them for the Overlay
	_ motohost.Hosted = (*motohost.Mirror)(nil)
	_ balancer.ELB    = (*motohost.Overlay)(nil) // the balancer reads health through the Overlay
)
