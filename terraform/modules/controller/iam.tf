resource "aws_iam_role" "this" {
  name        = var.name
  description = "asgctl controller replicas: assume the deploy roles in the target accounts"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })

  tags = var.tags
}

# policies/controller-assume.json, or the same statement narrowed to the
# given deploy roles.
resource "aws_iam_role_policy" "assume_deploy_roles" {
  name = "asgctl-assume-deploy-roles"
  role = aws_iam_role.this.id
  policy = length(var.deploy_role_arns) == 0 ? file("${path.module}/../../../policies/controller-assume.json") : jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "AssumeDeployRolesInTargetAccounts"
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = var.deploy_role_arns
    }]
  })
}

resource "aws_iam_role_policy" "consul_token" {
  count = var.consul_token_ssm_parameter == "" ? 0 : 1

  name = "asgctl-consul-token"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadConsulToken"
      Effect   = "Allow"
      Action   = "ssm:GetParameter"
      Resource = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.consul_token_ssm_parameter, "/")}"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "extra" {
  count = length(var.instance_policy_arns)

  role       = aws_iam_role.this.name
  policy_arn = var.instance_policy_arns[count.index]
}

resource "aws_iam_instance_profile" "this" {
  name = var.name
  role = aws_iam_role.this.name
  tags = var.tags
}
