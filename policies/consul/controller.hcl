# Consul ACL policy of `asgctl controller` (every replica).
#
# A template (Terraform's templatefile syntax). terraform/modules/controller
# renders it as its output consul_policy with
#   node_prefix  the start of the names of the Consul nodes the controller's
#                sessions are created on: the node of the Consul agent at its
#                CONSUL_HTTP_ADDR (a local client agent's node name, or the
#                servers' common prefix when it talks to them directly).
#                Empty: any node.
#
# What the controller does in Consul, and the rule that allows it:
#   - watches every service's folder (specs, desired requests), reads and
#     writes each rollout record with check-and-set, appends finished
#     rollouts to the history and trims it: write on asgctl/services/;
#   - takes one lock per service it reconciles (a session, then a
#     transaction that checks the index and releases it): write on
#     asgctl/locks/;
#   - holds its heartbeat asgctl/controllers/<id> with a session and lists
#     the others: write on asgctl/controllers/;
#   - watches every in-place release record and, as the release guard,
#     writes rollback records with check-and-set and the history entry of
#     the record it replaces: write on deploys/ and asgctl/releases/;
#   - reads the agents' live reports: read on asgctl/agents/;
#   - creates, renews and destroys its sessions: session write.
#
# Consul matches keys by exact name or by prefix, never by a pattern in the
# middle, and the controller acts on every service, so it gets whole
# folders: under asgctl/services/ the code writes only rollout records and
# history, under asgctl/releases/ only release history, never a spec, a
# desired request, a release id or a pacing slot. It has no access to the
# config folders (global/, <service>/) or to the agents' reports beyond
# reading them.

key_prefix "asgctl/services/" {
  policy = "write"
}

key_prefix "asgctl/locks/" {
  policy = "write"
}

key_prefix "asgctl/controllers/" {
  policy = "write"
}

key_prefix "deploys/" {
  policy = "write"
}

key_prefix "asgctl/releases/" {
  policy = "write"
}

key_prefix "asgctl/agents/" {
  policy = "read"
}

session_prefix "${node_prefix}" {
  policy = "write"
}
