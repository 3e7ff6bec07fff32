# agent.pkr.hcl — the asgctl agent AMI: Amazon Linux 2023 with HAProxy, the
# asgctl-agent binary and its systemd units (dist/systemd/), the agent
# enabled. The launch template's user data (terraform/modules/service)
# writes /etc/asgctl/agent.json; the agent, restarted every 2 s by systemd
# until it finds a valid config, then starts serving.
#
#   packer init terraform/packer/
#   packer build \
#     -var asgctl_version=v1.2.0 \
#     -var agent_sha256="$(grep ' asgctl-agent-linux-amd64$' SHA256SUMS | cut -d' ' -f1)" \
#     terraform/packer/agent.pkr.hcl
#
# A service's AMI usually builds on this one (or copies it) to add its own
# runtime; `asgctl promote SVC --ami ami-...` then rolls it out.
#
# Checked in this repository by dist/packer_test.go: it parses this file
# with the HCL parser, checks the blocks below and that the file is in
# canonical format (`packer fmt` uses the same formatter). `packer` itself
# is not run here: `packer init` needs the internet to fetch the plugin, and
# the Packer module is not served by the Go module proxy (no `go install`).

packer {
  required_version = ">= 1.10.0"
  required_plugins {
    amazon = {
      version = "= 1.3.3"
      source  = "github.com/hashicorp/amazon"
    }
  }
}

variable "region" {
  type        = string
  description = "AWS region the AMI is built in (and registered in)."
  default     = "us-east-1"
}

variable "instance_type" {
  type        = string
  description = "Instance type of the temporary build instance (x86_64)."
  default     = "t3.small"
}

variable "subnet_id" {
  type        = string
  description = "Subnet of the build instance; empty for the default VPC. It needs outbound HTTPS (dnf, the release download)."
  default     = ""
}

variable "asgctl_version" {
  type        = string
  description = "asgctl release tag (v1.2.3) the agent binary comes from; also names and tags the AMI."

  validation {
    condition     = can(regex("^v[0-9]+\\.[0-9]+\\.[0-9]+", var.asgctl_version))
    error_message = "The asgctl_version must be a release tag such as v1.2.3."
  }
}

variable "agent_url" {
  type        = string
  description = "URL of the linux/amd64 asgctl-agent binary; empty for the GitHub release asset of asgctl_version."
  default     = ""
}

variable "agent_sha256" {
  type        = string
  description = "Hex SHA-256 of the asgctl-agent binary (from the release's SHA256SUMS); the build fails on a mismatch."

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.agent_sha256))
    error_message = "The agent_sha256 must be 64 lowercase hex digits."
  }
}

variable "ami_name_prefix" {
  type        = string
  description = "Prefix of the AMI name; the version and a timestamp follow."
  default     = "asgctl-agent"
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the AMI and its snapshots."
  default     = {}
}

locals {
  timestamp = formatdate("YYYYMMDDhhmmss", timestamp())
  agent_url = var.agent_url != "" ? var.agent_url : "https://github.com/asgctl/asgctl/releases/download/${var.asgctl_version}/asgctl-agent-linux-amd64"
  ami_tags = merge(var.tags, {
    "asgctl:version" = var.asgctl_version
  })
}

source "amazon-ebs" "al2023" {
  region        = var.region
  instance_type = var.instance_type
  subnet_id     = var.subnet_id != "" ? var.subnet_id : null
  ssh_username  = "ec2-user"

  ami_name        = "${var.ami_name_prefix}-${var.asgctl_version}-${local.timestamp}"
  ami_description = "asgctl agent ${var.asgctl_version} on Amazon Linux 2023"
  tags            = local.ami_tags
  snapshot_tags   = local.ami_tags

  # Instances launched from it default to IMDSv2 only (the agent uses it).
  imds_support = "v2.0"

  source_ami_filter {
    filters = {
      name                = "al2023-ami-*-x86_64"
      architecture        = "x86_64"
      root-device-type    = "ebs"
      virtualization-type = "hvm"
    }
    owners      = ["amazon"]
    most_recent = true
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  launch_block_device_mappings {
    device_name           = "/dev/xvda"
    volume_size           = 8
    volume_type           = "gp3"
    encrypted             = true
    delete_on_termination = true
  }
}

build {
  name    = "asgctl-agent"
  sources = ["source.amazon-ebs.al2023"]

  # HAProxy for the haproxy rotation driver (installed, not enabled: the
  # service's user data writes its config and starts it).
  provisioner "shell" {
    inline = [
      "set -eux",
      "sudo dnf -y upgrade --refresh",
      "sudo dnf -y install haproxy",
      "mkdir -p /tmp/asgctl-systemd",
    ]
  }

  # The agent binary, verified against the pinned SHA-256 before it is
  # installed.
  provisioner "shell" {
    environment_vars = [
      "AGENT_URL=${local.agent_url}",
      "AGENT_SHA256=${var.agent_sha256}",
    ]
    inline = [
      "set -eux",
      "curl -fsSL --retry 5 --retry-connrefused -o /tmp/asgctl-agent \"$AGENT_URL\"",
      "echo \"$AGENT_SHA256  /tmp/asgctl-agent\" | sha256sum -c -",
      "sudo install -m 0755 -o root -g root /tmp/asgctl-agent /usr/local/bin/asgctl-agent",
      "rm -f /tmp/asgctl-agent",
    ]
  }

  # The units shipped in the repository (dist/systemd/).
  provisioner "file" {
    sources = [
      "${path.root}/../../dist/systemd/asgctl-agent.service",
      "${path.root}/../../dist/systemd/asgctl-app@.service",
    ]
    destination = "/tmp/asgctl-systemd/"
  }

  # asgctl-agent.service goes into /etc/systemd/system and is enabled. The
  # per-process template stays in /usr/local/lib/asgctl/systemd/, outside
  # the unit search path, so that a service using the systemd supervisor
  # links it under its own name (ln -s ... /etc/systemd/system/web@.service,
  # see the unit's header) and %p is the service.
  provisioner "shell" {
    inline = [
      "set -eux",
      "sudo install -d -m 0755 /etc/asgctl /usr/local/lib/asgctl/systemd",
      "sudo install -m 0644 /tmp/asgctl-systemd/asgctl-agent.service /etc/systemd/system/asgctl-agent.service",
      "sudo install -m 0644 /tmp/asgctl-systemd/asgctl-app@.service /usr/local/lib/asgctl/systemd/asgctl-app@.service",
      "rm -rf /tmp/asgctl-systemd",
      "sudo systemd-analyze verify /etc/systemd/system/asgctl-agent.service",
      "sudo systemctl daemon-reload",
      "sudo systemctl enable asgctl-agent.service",
    ]
  }

  post-processor "manifest" {
    output     = "packer-manifest.json"
    strip_path = true
  }
}
