# The builder-account controller: a small Auto Scaling group of replicas,
# each running `asgctl controller` under systemd (dist/systemd/asgctl-controller.service).
# Unlike the services' groups this one is Terraform's: nothing else manages it.

locals {
  # Partition, region and account of the controller, read from its
  # security group's ARN (arn:PARTITION:ec2:REGION:ACCOUNT:security-group/...)
  # rather than from the aws_region data source, whose region attribute is
  # `name` in AWS provider v5 and `region` in v6 (`name` deprecated).
  partition  = split(":", aws_security_group.this.arn)[1]
  region     = split(":", aws_security_group.this.arn)[3]
  account_id = split(":", aws_security_group.this.arn)[4]

  listen = "0.0.0.0:${var.metrics_port}"

  # /etc/asgctl/controller.env; the Consul token is appended at boot from SSM.
  controller_env = join("\n", compact([
    "CONSUL_HTTP_ADDR=${var.consul_http_addr}",
    var.consul_http_ssl ? "CONSUL_HTTP_SSL=true" : "",
    var.consul_ca_cert_pem == "" ? "" : "CONSUL_CACERT=/etc/asgctl/consul-ca.pem",
    "AWS_REGION=${local.region}",
  ]))

  user_data = templatefile("${path.module}/templates/user_data.sh.tftpl", {
    asgctl_url             = var.asgctl_download_url
    asgctl_sha256          = var.asgctl_sha256
    controller_env         = local.controller_env
    consul_ca_pem          = trimspace(var.consul_ca_cert_pem)
    consul_token_parameter = var.consul_token_ssm_parameter
    region                 = local.region
    unit                   = trimspace(file("${path.module}/../../../dist/systemd/asgctl-controller.service"))
    listen                 = local.listen
  })
}

resource "aws_security_group" "this" {
  name        = var.name
  description = "asgctl controller replicas"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = length(var.metrics_cidr_blocks) + length(var.metrics_security_group_ids) > 0 ? [var.metrics_port] : []

    content {
      description     = "asgctl controller /healthz and /metrics"
      from_port       = ingress.value
      to_port         = ingress.value
      protocol        = "tcp"
      cidr_blocks     = var.metrics_cidr_blocks
      security_groups = var.metrics_security_group_ids
    }
  }

  egress {
    description      = "Consul, the AWS APIs (STS, Auto Scaling, EC2, ELB, CloudWatch)"
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_launch_template" "this" {
  name                   = var.name
  description            = "asgctl controller replicas"
  image_id               = var.ami_id
  instance_type          = var.instance_type
  update_default_version = true
  vpc_security_group_ids = concat([aws_security_group.this.id], var.additional_security_group_ids)
  user_data              = base64encode(local.user_data)

  iam_instance_profile {
    arn = aws_iam_instance_profile.this.arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = var.name })
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = (var.asgctl_download_url == "") == (var.asgctl_sha256 == "")
      error_message = "Set asgctl_sha256 together with asgctl_download_url."
    }
  }
}

resource "aws_autoscaling_group" "this" {
  name                      = var.name
  min_size                  = var.instance_count
  max_size                  = var.instance_count
  desired_capacity          = var.instance_count
  vpc_zone_identifier       = var.subnet_ids
  health_check_type         = "EC2"
  health_check_grace_period = 60

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  # A changed launch template replaces the replicas one at a time; the other
  # keeps (or takes over) the service locks meanwhile.
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 50
    }
  }

  dynamic "tag" {
    for_each = merge(var.tags, { Name = var.name })

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
