# Consul ACL policy added to CI's token (next to ci.hcl) when CI runs the
# reconciler itself: `asgctl promote|abort|rollback SVC --inline`, the
# deploy workflow's `inline: true`, for setups with no controller. It takes
# the service lock as a controller would and writes the rollout record and
# its history, for one service only.
#
# A template (Terraform's templatefile syntax). terraform/modules/service
# renders it as its output consul_ci_inline_policy with
#   service      the service name
#   node_prefix  the start of the names of the Consul nodes CI's sessions
#                are created on: the node of the Consul agent at CI's
#                CONSUL_HTTP_ADDR. Empty: any node.
#
# What the inline reconciler does beyond ci.hcl, and the rule that allows it:
#   - takes the service lock (a session, then a transaction that checks
#     the index and releases it): write on asgctl/locks/<service>;
#   - writes the rollout record with check-and-set: write on that key;
#   - appends finished rollouts to the history and trims it: write on
#     asgctl/services/<service>/history/;
#   - creates, renews and destroys its session: session write.

key "asgctl/locks/${service}" {
  policy = "write"
}

key "asgctl/services/${service}/rollout" {
  policy = "write"
}

key_prefix "asgctl/services/${service}/history/" {
  policy = "write"
}

session_prefix "${node_prefix}" {
  policy = "write"
}
