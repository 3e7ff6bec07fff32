# The instance role: policies/agent.json (S3 GetObject under the service's
# artifact prefix, CompleteLifecycleAction on the service's groups). Its name
# starts with asgctl-instance- because the controller may only pass such
# roles to EC2 (policies/controller.json, PassAgentInstanceRolesToEC2).
resource "aws_iam_role" "instance" {
  name        = "asgctl-instance-${var.name}"
  description = "asgctl agent on the instances of ${var.name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })

  tags = local.resource_tags
}

resource "aws_iam_role_policy" "agent" {
  name = "asgctl-agent"
  role = aws_iam_role.instance.id

  policy = replace(replace(replace(local.agent_policy_template, "ARTIFACT_BUCKET", var.artifact_bucket), "ARTIFACT_PREFIX", var.artifact_prefix), "SERVICE_NAME", var.name)
}

resource "aws_iam_role_policy_attachment" "extra" {
  count = length(var.instance_policy_arns)

  role       = aws_iam_role.instance.name
  policy_arn = var.instance_policy_arns[count.index]
}

resource "aws_iam_instance_profile" "this" {
  name = aws_iam_role.instance.name
  role = aws_iam_role.instance.name
  tags = local.resource_tags
}
