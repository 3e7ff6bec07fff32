# The instances accept traffic (and health checks) on traffic_port from the
# load balancer only; outbound is open for S3, Consul and the Auto Scaling API.
resource "aws_security_group" "instances" {
  name        = "asgctl-${var.name}-instances"
  description = "asgctl service ${var.name}: instances"
  vpc_id      = var.vpc_id

  ingress {
    description     = "traffic and health checks from the load balancer"
    from_port       = var.traffic_port
    to_port         = var.traffic_port
    protocol        = "tcp"
    security_groups = var.alb_security_group_ids
  }

  egress {
    description      = "S3, Consul, AWS APIs"
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  tags = merge(local.resource_tags, { Name = "asgctl-${var.name}-instances" })
}

# With test_listener_port: the security group that opens the test listener's
# port on the load balancer to test_listener_cidr_blocks and nobody else
# (none by default, never /0). Attach it to the load balancer (output
# test_listener_security_group_id) next to alb_security_group_ids; it has no
# egress rules, the load balancer's own groups reach the instances.
resource "aws_security_group" "test_listener" {
  count = var.test_listener_port == null ? 0 : 1

  name        = "asgctl-${var.name}-test-listener"
  description = "asgctl service ${var.name}: test listener, internal only"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.test_listener_cidr_blocks

    content {
      description      = "test listener from ${ingress.value}"
      from_port        = var.test_listener_port
      to_port          = var.test_listener_port
      protocol         = "tcp"
      cidr_blocks      = strcontains(ingress.value, ":") ? [] : [ingress.value]
      ipv6_cidr_blocks = strcontains(ingress.value, ":") ? [ingress.value] : []
    }
  }

  tags = merge(local.resource_tags, { Name = "asgctl-${var.name}-test-listener" })
}
