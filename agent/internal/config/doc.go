// Package config owns the agent's configuration file (docs/agent-config.md): its
// types, strict loading (an unknown field is an error naming it), defaults,
// validation that reports every problem at once, and the per-process
// command line, port, environment and unit name derived from it.
//
// It imports the standard library and controller/api (the wire contract:
// strict decoding, Duration, ValidationError).
package config
