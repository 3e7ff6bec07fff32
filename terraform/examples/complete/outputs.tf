output "web_service_spec" {
  description = "ServiceSpec JSON of web: terraform output -raw web_service_spec > web.json && asgctl service put --file web.json."
  value       = module.web.service_spec
}

output "api_service_spec" {
  description = "ServiceSpec JSON of api: terraform output -raw api_service_spec > api.json && asgctl service put --file api.json."
  value       = module.api.service_spec
}

output "controller_role_arn" {
  description = "The controller's instance role in the builder account."
  value       = module.controller.role_arn
}

output "deploy_role_arn" {
  description = "The deploy role in the target account."
  value       = module.deploy_role.role_arn
}

output "consul_policy_names" {
  description = "Names of the Consul ACL policies, by component, to make the tokens with: consul acl token create -policy-name NAME."
  value = {
    controller = consul_acl_policy.controller.name
    agent      = { for k, p in consul_acl_policy.agent : k => p.name }
    ci         = { for k, p in consul_acl_policy.ci : k => p.name }
  }
}
