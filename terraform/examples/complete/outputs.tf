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
