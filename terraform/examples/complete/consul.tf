# Consul ACL policies of every component, from policies/consul/ through the
# modules' outputs. The tokens are made outside Terraform, so their secrets
# never enter the state (README.md): one per policy, the controller's and
# each service's stored in the SSM parameter its module reads at boot, CI's
# in the deploy workflow's consul-token secret.

resource "consul_acl_policy" "controller" {
  name        = "asgctl-controller"
  description = "asgctl controller (policies/consul/controller.hcl)"
  rules       = module.controller.consul_policy
}

resource "consul_acl_policy" "agent" {
  for_each = {
    web = module.web.consul_agent_policy
    api = module.api.consul_agent_policy
  }

  name        = "asgctl-agent-${each.key}"
  description = "asgctl agent and Consul client on the instances of ${each.key} (policies/consul/agent.hcl)"
  rules       = each.value
}

resource "consul_acl_policy" "ci" {
  for_each = {
    web = module.web.consul_ci_policy
    api = module.api.consul_ci_policy
  }

  name        = "asgctl-ci-${each.key}"
  description = "CI deploying ${each.key} with the asgctl CLI (policies/consul/ci.hcl)"
  rules       = each.value
}
