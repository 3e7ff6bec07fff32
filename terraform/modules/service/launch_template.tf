locals {
  # /etc/asgctl/agent.json (agent/internal/config). instance_id and region
  # stay empty: the agent asks IMDSv2.
  agent_config = {
    version     = 1
    service     = var.name
    instance_id = ""
    region      = ""
    consul = {
      address    = var.agent.consul_address
      token_file = local.consul_token ? local.consul_token_file : var.agent.consul_token_file
    }
    processes = var.agent.processes
    command   = var.agent.command
    base_port = var.agent.base_port
    listen    = var.agent.rotation_driver == "builtin" ? "0.0.0.0:${var.traffic_port}" : ""
    health = {
      path      = var.agent.health_path
      interval  = var.agent.health_interval
      successes = var.agent.health_successes
      timeout   = var.agent.health_timeout
    }
    rotation = {
      driver          = var.agent.rotation_driver
      drain_timeout   = var.agent.drain_timeout
      haproxy_socket  = var.agent.haproxy_socket
      haproxy_backend = var.agent.haproxy_backend
    }
    supervisor = {
      driver       = var.agent.supervisor_driver
      stop_timeout = var.agent.stop_timeout
    }
    artifacts = {
      allow           = ["s3://${var.artifact_bucket}/${var.artifact_prefix}/"]
      public_key_file = var.agent.public_key_file
    }
    lifecycle_hook = var.lifecycle_hook_name == null ? "" : var.lifecycle_hook_name
  }
}

# The controller creates a version of this template for every rollout, based
# on the default version with the rollout's AMI; Terraform changes (user
# data, instance type) become the new default version and ship with the next
# rollout.
resource "aws_launch_template" "this" {
  name                   = "asgctl-${var.name}"
  description            = "asgctl service ${var.name}; versions are created by the asgctl controller"
  image_id               = var.ami_id
  instance_type          = var.instance_type
  update_default_version = true
  vpc_security_group_ids = concat([aws_security_group.instances.id], var.additional_security_group_ids)

  user_data = base64encode(templatefile("${path.module}/templates/user_data.sh.tftpl", {
    agent_json = jsonencode(local.agent_config)
    service    = var.name
    base_port  = var.agent.base_port
    # With the systemd supervisor: dist/systemd/asgctl-app@.service, installed as <name>@.service.
    app_unit = var.agent.supervisor_driver == "systemd" ? trimspace(file("${path.module}/../../../dist/systemd/asgctl-app@.service")) : ""
    # The Consul token: read from this parameter at boot (consul.tf).
    consul_token_parameter = var.consul_token_ssm_parameter
    region                 = local.region
    token_file             = local.consul_token_file
  }))

  iam_instance_profile {
    arn = aws_iam_instance_profile.this.arn
  }

  # IMDSv2 only; instance tags in the metadata let the agent read
  # aws:autoscaling:groupName to complete the launch lifecycle action.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled"
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = var.name })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = var.name })
  }

  tags = local.resource_tags

  lifecycle {
    precondition {
      condition     = !local.consul_token || contains(["", local.consul_token_file], var.agent.consul_token_file)
      error_message = "With consul_token_ssm_parameter set, user data writes the token to ${local.consul_token_file} and the agent reads it there: leave agent.consul_token_file empty."
    }
  }
}
