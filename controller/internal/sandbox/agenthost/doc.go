// Package agenthost runs the sandbox's instances for real: it implements
// simaws.Host by starting one asgctl-agent process per simulated instance
// on loopback (exec supervisor, builtin rotation, the sample app), probing
// its traffic port the way a target group health check would, and
// stopping it gracefully when the instance goes away. The agent and the
// sample app are asgctl's own hidden commands (`asgctl agent`, `asgctl
// sample-app`, defined here as Programs), so the sandbox needs no Go
// toolchain; it also packs the sample app's release tarballs.
//
// It may import the standard library, controller/internal/awsapi/simaws,
// internal/freeport, and the programs' entry points agent/agentcmd and
// agent/testapp/sampleapp.
package agenthost
