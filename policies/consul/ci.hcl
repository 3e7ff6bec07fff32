# Consul ACL policy of CI deploying one service with the asgctl CLI (the
# reusable workflow .github/workflows/deploy.yml): `asgctl release`,
# `asgctl release rollback`, `asgctl config push`, `asgctl promote`,
# `asgctl abort`, `asgctl rollback`, `asgctl promote --expect-step`, their
# --wait, `status` and `history`. Not `service put` or `config set` (a
# person or Terraform does those), and not --inline for promote, abort or
# rollback, which runs the reconciler under the service lock: add
# ci-inline.hcl to the token for that.
#
# A template (Terraform's templatefile syntax). terraform/modules/service
# renders it as its output consul_ci_policy with
#   service  the service name
#
# What the CLI does in Consul, and the rule that allows it:
#   - reads the spec, the rollout record, the desired request and the
#     history, and watches the service's folder while it waits: read on
#     asgctl/services/<service>/;
#   - promote, abort, rollback and --expect-step write the desired request
#     with check-and-set: write on that one key;
#   - release, release rollback and config push write the release record
#     with check-and-set (and --wait --inline writes the rollback record of
#     a halted release): write on deploys/<service>;
#   - release claims the release id (check-and-set on absence) and every
#     record written appends the history entry of the one it replaces and
#     trims the history: write on the service's ids/ and history/ folders
#     under asgctl/releases/<service>/ (not its pacing slots);
#   - --wait follows the live agent reports and looks for a running
#     controller: read on asgctl/agents/<service>/ and asgctl/controllers/.
# No session: this token takes no lock.

key_prefix "asgctl/services/${service}/" {
  policy = "read"
}

key "asgctl/services/${service}/desired" {
  policy = "write"
}

key "deploys/${service}" {
  policy = "write"
}

key_prefix "asgctl/releases/${service}/ids/" {
  policy = "write"
}

key_prefix "asgctl/releases/${service}/history/" {
  policy = "write"
}

key_prefix "asgctl/agents/${service}/" {
  policy = "read"
}

key_prefix "asgctl/controllers/" {
  policy = "read"
}
