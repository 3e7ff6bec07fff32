output "service_spec" {
  description = "The ServiceSpec JSON (controller/api, docs/spec.md) for `asgctl service put --file`: terraform output -raw service_spec > spec.json. Null optional fields take the controller's defaults."
  value = jsonencode({
    version                   = 1
    name                      = var.name
    region                    = local.region
    role_arn                  = var.deploy_role_arn
    external_id               = var.deploy_role_arn == null ? null : var.external_id
    launch_template_id        = aws_launch_template.this.id
    subnets                   = var.subnet_ids
    listener_arn              = local.listener_arn
    rule_arn                  = local.rule_arn
    test_listener_arn         = local.test_listener_arn
    target_groups             = [aws_lb_target_group.this["a"].arn, aws_lb_target_group.this["b"].arn]
    capacity                  = { min = var.capacity.min, max = var.capacity.max, desired = var.capacity.desired }
    health_check_grace_period = var.health_check_grace_period
    instance_warmup           = var.instance_warmup
    steps                     = [for s in var.steps : { weight = s.weight, pause = s.pause }]
    progress_deadline         = var.progress_deadline
    scale_down_delay          = var.scale_down_delay
    keep_previous             = var.keep_previous
    alarms                    = var.alarms
    min_healthy_percent       = var.min_healthy_percent
    lifecycle_hook            = var.lifecycle_hook_name
    tags                      = var.tags
    verify                    = var.verify
    analysis                  = var.analysis
  })
}

output "lifecycle_hook" {
  description = "The launch lifecycle hook the controller attaches to every group it creates (name, lifecycle_transition, default_result, heartbeat_timeout in seconds; the agent completes it with CONTINUE once every process serves), or null without a hook."
  value       = local.lifecycle_hook
}

output "target_group_arns" {
  description = "ARNs of the two target groups, a then b (ServiceSpec target_groups)."
  value       = [aws_lb_target_group.this["a"].arn, aws_lb_target_group.this["b"].arn]
}

output "listener_arn" {
  description = "ARN of the listener whose traffic the controller shifts: the service's own listener, or the shared one its rule is on."
  value       = local.listener_arn
}

output "rule_arn" {
  description = "ARN of the service's listener rule on the shared listener, or null with its own listener."
  value       = local.rule_arn
}

output "test_listener_arn" {
  description = "ARN of the test listener (test_listener_port; ServiceSpec test_listener_arn), or null without one."
  value       = local.test_listener_arn
}

output "test_listener_security_group_id" {
  description = "ID of the security group that lets test_listener_cidr_blocks reach the test listener's port: add it to the load balancer's security groups. Null without a test listener."
  value       = one(aws_security_group.test_listener[*].id)
}

output "launch_template_id" {
  description = "ID of the launch template the controller creates a version of for every rollout."
  value       = aws_launch_template.this.id
}

output "instance_role_name" {
  description = "Name of the instances' IAM role (agent policy attached), for attaching more policies."
  value       = aws_iam_role.instance.name
}

output "instance_security_group_id" {
  description = "ID of the instances' security group."
  value       = aws_security_group.instances.id
}

output "consul_agent_policy" {
  description = "Consul ACL rules of the service's instances (policies/consul/agent.hcl for this service, nodes named <name>-i-...): make a Consul policy of them, a token with that policy, and store the token's secret ID in the SSM parameter consul_token_ssm_parameter."
  value       = templatefile("${path.module}/../../../policies/consul/agent.hcl", { service = var.name, node_prefix = local.consul_node_prefix })
}

output "consul_ci_policy" {
  description = "Consul ACL rules of CI deploying this service with the asgctl CLI (policies/consul/ci.hcl for this service): release, config push, promote, abort, rollback and their --wait; the token goes into the deploy workflow's consul-token secret."
  value       = templatefile("${path.module}/../../../policies/consul/ci.hcl", { service = var.name })
}

output "consul_ci_inline_policy" {
  description = "Consul ACL rules to add to CI's token when it runs promote, abort or rollback with --inline (policies/consul/ci-inline.hcl for this service and ci_consul_node_prefix)."
  value       = templatefile("${path.module}/../../../policies/consul/ci-inline.hcl", { service = var.name, node_prefix = var.ci_consul_node_prefix })
}
