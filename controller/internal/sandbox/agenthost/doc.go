// Package agenthost runs the sandbox's instances for real: it implements
// simaws.Host by starting one asgctl-agent process per simulated instance
// on loopback (exec supervisor, builtin rotation, the sample app), probing
// its traffic port the way a target group health check would, and
// stopping it gracefully when the instance goes away. It also builds the
// binaries it needs with the Go toolchain and packs the sample app's
// release tarballs.
//
// It may import the standard library and controller/internal/awsapi/simaws.
package agenthost
