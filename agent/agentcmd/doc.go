// Package agentcmd is the asgctl-agent program: its flags, exit codes and
// signal handling, and the wiring of the agent's parts from the config
// file. The asgctl-agent command's main runs it, and so does asgctl's
// hidden `asgctl agent` command, which the sandbox starts for its
// instances. See agent/README.md.
//
// It may import the agent's packages, the controller's clock and consulkv,
// internal/buildinfo, the AWS SDK and the standard library.
package agentcmd
