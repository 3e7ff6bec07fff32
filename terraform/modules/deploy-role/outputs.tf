output "role_arn" {
  description = "ARN of the deploy role: the role_arn of every ServiceSpec in this account."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the deploy role."
  value       = aws_iam_role.this.name
}

output "external_id" {
  description = "The external ID the trust policy requires: the external_id of every ServiceSpec in this account."
  value       = var.external_id
}
