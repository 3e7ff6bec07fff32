output "role_arn" {
  description = "ARN of the controller's instance role: the principal every deploy role trusts (module deploy-role controller_role_arn)."
  value       = aws_iam_role.this.arn
}

output "autoscaling_group_name" {
  description = "Name of the controller replicas' Auto Scaling group."
  value       = aws_autoscaling_group.this.name
}

output "security_group_id" {
  description = "ID of the controller instances' security group (allow it in Consul's security group)."
  value       = aws_security_group.this.id
}

output "consul_policy" {
  description = "Consul ACL rules of the controller (policies/consul/controller.hcl with consul_session_node_prefix): make a Consul policy of them, a token with that policy, and store the token's secret ID in the SSM parameter consul_token_ssm_parameter."
  value       = templatefile("${path.module}/../../../policies/consul/controller.hcl", { node_prefix = var.consul_session_node_prefix })
}
