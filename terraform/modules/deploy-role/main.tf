# The role in a target account that the builder-account controller assumes:
# trust limited to the controller's role and an external ID, permissions
# from policies/controller.json (only the calls the controller makes, scoped
# to asgctl-tagged resources).

resource "aws_iam_role" "this" {
  name                 = var.name
  description          = "Assumed by the asgctl controller to deploy services in this account"
  max_session_duration = var.max_session_duration

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AsgctlController"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = var.controller_role_arn }
      Condition = {
        StringEquals = { "sts:ExternalId" = var.external_id }
      }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "controller" {
  name   = "asgctl-controller"
  role   = aws_iam_role.this.id
  policy = file("${path.module}/../../../policies/controller.json")
}
