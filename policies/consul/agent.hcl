# Consul ACL policy of the asgctl-agent on the instances of one service. The
# same token is the local Consul client agent's `agent` token, so it also
# lets that client register its own node.
#
# A template (Terraform's templatefile syntax). terraform/modules/service
# renders it as its output consul_agent_policy with
#   service      the service name: deploys/<service>, <service>/ config,
#                asgctl/agents/<service>/ reports, asgctl/releases/<service>/slots/
#   node_prefix  the start of the Consul node names of the service's
#                instances: "<service>-i-" (the module names each instance's
#                Consul client <service>-<instance id>)
#
# What the agent does in Consul, and the rule that allows it:
#   - watches its release record with blocking queries, and the first
#     instance that fails a paced release for good halts it with
#     check-and-set: deploys/<service>, write;
#   - reads its config in one consistent read of global/ and <service>/:
#     read on both folders;
#   - holds its report asgctl/agents/<service>/<instance id> with a session
#     and reads the other live reports to pace a release: write on the
#     service's report folder;
#   - takes a pacing slot of a fleet release (a semaphore, one key per
#     contender session plus ".lock") and frees slots an earlier run of
#     itself left behind: write on asgctl/releases/<service>/slots/;
#   - creates, renews and destroys those sessions on the node of its local
#     Consul agent: session write on the service's nodes;
#   - (the local Consul client agent) registers its node: node write on
#     the service's nodes.
# Nothing else: no spec, desired request, rollout, lock, release id or
# release history, and no other service's keys.

key "deploys/${service}" {
  policy = "write"
}

key_prefix "global/" {
  policy = "read"
}

key_prefix "${service}/" {
  policy = "read"
}

key_prefix "asgctl/agents/${service}/" {
  policy = "write"
}

key_prefix "asgctl/releases/${service}/slots/" {
  policy = "write"
}

session_prefix "${node_prefix}" {
  policy = "write"
}

node_prefix "${node_prefix}" {
  policy = "write"
}
