// Package envfile owns the per-release environment file of the agent: it
// merges the global and service Consul values (service wins), checks names
// and values, renders them in systemd EnvironmentFile syntax and writes the
// result atomically with mode 0600 as <dir>/<release>-<config_rev>.env.
//
// It imports the standard library and agent/internal/atomicfile.
package envfile
