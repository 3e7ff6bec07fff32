# One service in a target account: two target groups (a/b) behind a weighted
# forward, the launch template the controller versions on every rollout, the
# instance role and security group. No Auto Scaling group: the controller
# creates one per rollout (<name>-v<NNN>) and owns its size and existence.

locals {
  # Partition, region and account of the service, read from a target
  # group's ARN (arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:...)
  # rather than from the aws_region data source, whose region attribute is
  # `name` in AWS provider v5 and `region` in v6 (`name` deprecated).
  partition  = split(":", aws_lb_target_group.this["a"].arn)[1]
  region     = split(":", aws_lb_target_group.this["a"].arn)[3]
  account_id = split(":", aws_lb_target_group.this["a"].arn)[4]

  # Every resource the controller touches must carry asgctl:service
  # (policies/controller.json scopes its writes with that tag).
  resource_tags = merge(var.tags, { "asgctl:service" = var.name })

  # policies/agent.json with placeholders ARTIFACT_BUCKET, ARTIFACT_PREFIX and SERVICE_NAME.
  agent_policy_template = file("${path.module}/../../../policies/agent.json")

  # The controller attaches the hook with these settings (controller/internal/execute/create_group.go).
  lifecycle_hook = var.lifecycle_hook_name == null ? null : {
    name                 = var.lifecycle_hook_name
    lifecycle_transition = "autoscaling:EC2_INSTANCE_LAUNCHING"
    default_result       = "ABANDON"
    heartbeat_timeout    = 600
  }

  listener_arn = var.listener_rule == null ? one(aws_lb_listener.this[*].arn) : var.listener_rule.listener_arn
  rule_arn     = one(aws_lb_listener_rule.this[*].arn)

  test_listener_arn = one(aws_lb_listener.test[*].arn)
}

resource "aws_lb_target_group" "this" {
  for_each = toset(["a", "b"])

  name                 = "${var.name}-${each.key}"
  vpc_id               = var.vpc_id
  port                 = var.traffic_port
  protocol             = "HTTP"
  target_type          = "instance"
  deregistration_delay = var.deregistration_delay

  health_check {
    enabled             = true
    path                = var.health_check_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = var.health_check_matcher
    interval            = var.health_check_interval
    timeout             = var.health_check_timeout
    healthy_threshold   = var.healthy_threshold
    unhealthy_threshold = var.unhealthy_threshold
  }

  tags = merge(local.resource_tags, { Name = "${var.name}-${each.key}" })

  lifecycle {
    precondition {
      condition     = (var.listener == null) != (var.listener_rule == null)
      error_message = "Set exactly one of listener (own ALB) and listener_rule (shared ALB)."
    }

    precondition {
      condition     = var.test_listener_port == null || var.listener != null
      error_message = "test_listener_port needs listener (the service's own ALB): behind a shared ALB (listener_rule) the module does not know the load balancer; leave test_listener_port null there."
    }

    precondition {
      condition     = try(var.test_listener_port != var.listener.port, true)
      error_message = "test_listener_port must differ from listener.port: the test listener takes no production traffic."
    }
  }
}

# The service's own listener. The weights below are only the initial state:
# from the first rollout on the controller owns them, so Terraform ignores the
# default action.
resource "aws_lb_listener" "this" {
  count = var.listener == null ? 0 : 1

  load_balancer_arn = var.listener.load_balancer_arn
  port              = var.listener.port
  protocol          = var.listener.protocol
  certificate_arn   = var.listener.protocol == "HTTPS" ? var.listener.certificate_arn : null
  ssl_policy        = var.listener.protocol == "HTTPS" ? var.listener.ssl_policy : null

  default_action {
    type = "forward"

    forward {
      target_group {
        arn    = aws_lb_target_group.this["a"].arn
        weight = 100
      }

      target_group {
        arn    = aws_lb_target_group.this["b"].arn
        weight = 0
      }
    }
  }

  tags = local.resource_tags

  lifecycle {
    ignore_changes = [default_action]
  }
}

# The service's rule on a shared listener; the controller shifts its weights.
resource "aws_lb_listener_rule" "this" {
  count = var.listener_rule == null ? 0 : 1

  listener_arn = var.listener_rule.listener_arn
  priority     = var.listener_rule.priority

  action {
    type = "forward"

    forward {
      target_group {
        arn    = aws_lb_target_group.this["a"].arn
        weight = 100
      }

      target_group {
        arn    = aws_lb_target_group.this["b"].arn
        weight = 0
      }
    }
  }

  dynamic "condition" {
    for_each = length(var.listener_rule.host_headers) > 0 ? [var.listener_rule.host_headers] : []

    content {
      host_header {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = length(var.listener_rule.path_patterns) > 0 ? [var.listener_rule.path_patterns] : []

    content {
      path_pattern {
        values = condition.value
      }
    }
  }

  tags = local.resource_tags

  lifecycle {
    ignore_changes = [action]
  }
}

# A test listener on another port of the same load balancer: no production
# traffic reaches it, and while a new group is verified the controller
# forwards all of it to that group (ServiceSpec test_listener_arn), then to
# the live group again. Same protocol, certificate and initial weights as the
# service's listener; the controller owns the weights, so Terraform ignores
# the default action. Only test_listener_cidr_blocks may reach it
# (security.tf).
resource "aws_lb_listener" "test" {
  count = var.test_listener_port == null ? 0 : 1

  load_balancer_arn = var.listener.load_balancer_arn
  port              = var.test_listener_port
  protocol          = var.listener.protocol
  certificate_arn   = var.listener.protocol == "HTTPS" ? var.listener.certificate_arn : null
  ssl_policy        = var.listener.protocol == "HTTPS" ? var.listener.ssl_policy : null

  default_action {
    type = "forward"

    forward {
      target_group {
        arn    = aws_lb_target_group.this["a"].arn
        weight = 100
      }

      target_group {
        arn    = aws_lb_target_group.this["b"].arn
        weight = 0
      }
    }
  }

  tags = local.resource_tags

  lifecycle {
    ignore_changes = [default_action]
  }
}
