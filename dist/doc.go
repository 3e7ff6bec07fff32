// Package dist holds no code: its tests check the files this repository
// ships for installation, which live next to it and under terraform/packer:
//
//   - systemd/asgctl-agent.service, systemd/asgctl-app@.service (the
//     per-process template the agent's systemd supervisor drives, installed
//     as <svc>@.service) and systemd/asgctl-controller.service: every unit
//     has the keys its daemon's shutdown and restart behaviour needs, with
//     timeouts derived from the Go constants they must cover, and the
//     identities, /proc visibility and state directory mode that keep
//     service processes (units or the agent's run_as children) away from
//     the agent's secrets, and passes `systemd-analyze verify`
//     (units_test.go);
//   - ../terraform/packer/agent.pkr.hcl, the agent AMI template: it parses,
//     is in canonical format and has the expected blocks, one source per
//     architecture (amd64, arm64) each with its own binaries and digests
//     (packer_test.go, packer_eval_test.go), and the Consul client it
//     installs: a config without a token that `consul validate` accepts
//     together with the files user data adds, and a unit that passes
//     `systemd-analyze verify` (packer_consul_test.go). Packer itself is
//     not run: see packer_test.go.
package dist
