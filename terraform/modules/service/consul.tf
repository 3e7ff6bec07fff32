# The Consul ACL token of the service's instances: an SSM SecureString
# parameter (consul_token_ssm_parameter) that user data reads at boot into
# the agent's consul.token_file and the local Consul client's agent token.
# The instance role may read exactly that parameter. The token's rules are
# policies/consul/agent.hcl rendered for this service (output
# consul_agent_policy).

locals {
  consul_token = var.consul_token_ssm_parameter != ""

  # Where user data writes the token and the agent reads it.
  consul_token_file = "/etc/asgctl/consul-token"

  # User data names each instance's Consul client <name>-<instance id>;
  # the token's node and session rules allow those names only.
  consul_node_prefix = "${var.name}-i-"

  consul_token_parameter_arn = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.consul_token_ssm_parameter, "/")}"

  read_consul_token = {
    Sid      = "ReadConsulToken"
    Effect   = "Allow"
    Action   = "ssm:GetParameter"
    Resource = local.consul_token_parameter_arn
  }

  # SSM decrypts a SecureString with the parameter's ARN as encryption
  # context: the key serves this parameter only.
  decrypt_consul_token = {
    Sid      = "DecryptConsulToken"
    Effect   = "Allow"
    Action   = "kms:Decrypt"
    Resource = var.consul_token_kms_key_arn
    Condition = {
      StringEquals = { "kms:EncryptionContext:PARAMETER_ARN" = local.consul_token_parameter_arn }
    }
  }
}

resource "aws_iam_role_policy" "consul_token" {
  count = local.consul_token ? 1 : 0

  name = "asgctl-consul-token"
  role = aws_iam_role.instance.id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat([local.read_consul_token], var.consul_token_kms_key_arn == null ? [] : [local.decrypt_consul_token])
  })
}

# Cloud auto-join: the AMI's Consul client finds the servers by their EC2
# tags (retry_join "provider=aws ..."), which takes DescribeInstances. It
# supports no resource-level permissions.
resource "aws_iam_role_policy" "consul_auto_join" {
  count = var.consul_cloud_auto_join ? 1 : 0

  name = "asgctl-consul-auto-join"
  role = aws_iam_role.instance.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "FindConsulServersByTag"
      Effect   = "Allow"
      Action   = "ec2:DescribeInstances"
      Resource = "*"
    }]
  })
}
