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
