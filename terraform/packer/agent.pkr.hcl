# agent.pkr.hcl — the asgctl agent AMI, for amd64 and arm64: Amazon Linux
# 2023 with HAProxy, the asgctl-agent binary and its systemd units
# (dist/systemd/), and a Consul client agent (consul/), each binary checked
# against a pinned SHA-256. The agent is enabled; the launch template's user
# data (terraform/modules/service) writes /etc/asgctl/agent.json and the
# Consul node name and ACL token (read from SSM at boot: no token is in the
# image), enables Consul, and the agent, restarted every 2 s by systemd
# until it finds a valid config, then starts serving.
#
#   packer init terraform/packer/
#   packer build -var-file=agent.pkrvars.hcl terraform/packer/agent.pkr.hcl
#
# with agent.pkrvars.hcl holding the digests of the release's SHA256SUMS
# (asgctl-agent-linux-amd64 and -arm64) and of HashiCorp's
# consul_<version>_SHA256SUMS (the linux_amd64 and linux_arm64 zips):
#
#   asgctl_version = "v1.2.0"
#   agent_sha256   = { amd64 = "…", arm64 = "…" }
#   consul_sha256  = { amd64 = "…", arm64 = "…" }
#
# Both sources build by default, one AMI each; -only='*.amd64' (or arm64)
# builds one, and then only its digests are needed.
#
# A service's AMI usually builds on one of these (or copies it) to add its
# own runtime; `asgctl promote SVC --ami ami-...` then rolls it out.
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
  description = "AWS region the AMIs are built in (and registered in)."
  default     = "us-east-1"
}

variable "instance_types" {
  type        = map(string)
  description = "Instance type of the temporary build instance, by architecture (amd64: x86_64, arm64: Graviton)."
  default = {
    amd64 = "t3.small"
    arm64 = "t4g.small"
  }
}

variable "subnet_id" {
  type        = string
  description = "Subnet of the build instances; empty for the default VPC. It needs outbound HTTPS (dnf, the release downloads)."
  default     = ""
}

variable "asgctl_version" {
  type        = string
  description = "asgctl release tag (v1.2.3) the agent binaries come from; also names and tags the AMIs."

  validation {
    condition     = can(regex("^v[0-9]+\\.[0-9]+\\.[0-9]+", var.asgctl_version))
    error_message = "The asgctl_version must be a release tag such as v1.2.3."
  }
}

variable "agent_base_url" {
  type        = string
  description = "URL the asgctl-agent-linux-<arch> binaries are under; empty for the GitHub release of asgctl_version."
  default     = ""
}

variable "agent_sha256" {
  type        = map(string)
  description = "Hex SHA-256 of asgctl-agent-linux-amd64 and -arm64, by architecture (from the release's SHA256SUMS); a build fails on a mismatch or a missing digest."

  validation {
    condition     = alltrue([for arch, sum in var.agent_sha256 : contains(["amd64", "arm64"], arch) && can(regex("^[0-9a-f]{64}$", sum))])
    error_message = "The agent_sha256 map needs keys amd64 and/or arm64, each 64 lowercase hex digits."
  }
}

variable "consul_version" {
  type        = string
  description = "Consul release of the client agent, from releases.hashicorp.com."
  default     = "1.20.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.consul_version))
    error_message = "The consul_version must be a release number such as 1.20.0."
  }
}

variable "consul_sha256" {
  type        = map(string)
  description = "Hex SHA-256 of consul_<version>_linux_amd64.zip and _linux_arm64.zip, by architecture (from HashiCorp's consul_<version>_SHA256SUMS); a build fails on a mismatch or a missing digest."

  validation {
    condition     = alltrue([for arch, sum in var.consul_sha256 : contains(["amd64", "arm64"], arch) && can(regex("^[0-9a-f]{64}$", sum))])
    error_message = "The consul_sha256 map needs keys amd64 and/or arm64, each 64 lowercase hex digits."
  }
}

variable "consul_datacenter" {
  type        = string
  description = "Consul datacenter the instances' client agents join."
  default     = "dc1"
}

variable "consul_join_tag_key" {
  type        = string
  description = "Cloud auto-join: the EC2 tag key the Consul servers carry."
  default     = "consul-cluster"
}

variable "consul_join_tag_value" {
  type        = string
  description = "Cloud auto-join: the value of that tag on the Consul servers."
  default     = "asgctl"
}

variable "ami_name_prefix" {
  type        = string
  description = "Prefix of the AMI names; the version, the architecture and a timestamp follow."
  default     = "asgctl-agent"
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the AMIs and their snapshots."
  default     = {}
}

locals {
  timestamp      = formatdate("YYYYMMDDhhmmss", timestamp())
  agent_base_url = var.agent_base_url != "" ? var.agent_base_url : "https://github.com/asgctl/asgctl/releases/download/${var.asgctl_version}"
  consul_url     = "https://releases.hashicorp.com/consul/${var.consul_version}/consul_${var.consul_version}_linux"
  ami_tags = merge(var.tags, {
    "asgctl:version" = var.asgctl_version
    "consul:version" = var.consul_version
  })
}

source "amazon-ebs" "amd64" {
  region        = var.region
  instance_type = var.instance_types["amd64"]
  subnet_id     = var.subnet_id != "" ? var.subnet_id : null
  ssh_username  = "ec2-user"

  ami_name        = "${var.ami_name_prefix}-${var.asgctl_version}-amd64-${local.timestamp}"
  ami_description = "asgctl agent ${var.asgctl_version} with Consul ${var.consul_version} on Amazon Linux 2023 (x86_64)"
  tags            = merge(local.ami_tags, { "asgctl:arch" = "amd64" })
  snapshot_tags   = merge(local.ami_tags, { "asgctl:arch" = "amd64" })

  # Instances launched from it default to IMDSv2 only (the agent uses it).
  imds_support = "v2.0"

  source_ami_filter {
    filters = {
      name                = "al2023-ami-2023.*-x86_64"
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

source "amazon-ebs" "arm64" {
  region        = var.region
  instance_type = var.instance_types["arm64"]
  subnet_id     = var.subnet_id != "" ? var.subnet_id : null
  ssh_username  = "ec2-user"

  ami_name        = "${var.ami_name_prefix}-${var.asgctl_version}-arm64-${local.timestamp}"
  ami_description = "asgctl agent ${var.asgctl_version} with Consul ${var.consul_version} on Amazon Linux 2023 (arm64)"
  tags            = merge(local.ami_tags, { "asgctl:arch" = "arm64" })
  snapshot_tags   = merge(local.ami_tags, { "asgctl:arch" = "arm64" })

  # Instances launched from it default to IMDSv2 only (the agent uses it).
  imds_support = "v2.0"

  source_ami_filter {
    filters = {
      name                = "al2023-ami-2023.*-arm64"
      architecture        = "arm64"
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
  sources = ["source.amazon-ebs.amd64", "source.amazon-ebs.arm64"]

  # HAProxy for the haproxy rotation driver (installed, not enabled: the
  # service's user data writes its config and starts it); unzip for Consul.
  provisioner "shell" {
    inline = [
      "set -eux",
      "sudo dnf -y upgrade --refresh",
      "sudo dnf -y install haproxy unzip",
      "mkdir -p /tmp/asgctl-systemd /tmp/asgctl-consul",
    ]
  }

  # The agent binary of this source's architecture, verified against its
  # pinned SHA-256 before it is installed.
  provisioner "shell" {
    environment_vars = [
      "ARCH=${source.name}",
      "AGENT_URL=${local.agent_base_url}/asgctl-agent-linux-${source.name}",
      "AGENT_SHA256=${lookup(var.agent_sha256, source.name, "")}",
    ]
    inline = [
      "set -eux",
      "[ -n \"$AGENT_SHA256\" ] || { echo \"agent_sha256 has no digest for $ARCH\" >&2; exit 1; }",
      "curl -fsSL --retry 5 --retry-connrefused -o /tmp/asgctl-agent \"$AGENT_URL\"",
      "echo \"$AGENT_SHA256  /tmp/asgctl-agent\" | sha256sum -c -",
      "sudo install -m 0755 -o root -g root /tmp/asgctl-agent /usr/local/bin/asgctl-agent",
      "rm -f /tmp/asgctl-agent",
    ]
  }

  # The Consul binary of this source's architecture from
  # releases.hashicorp.com, verified against its pinned SHA-256, and the
  # unprivileged user it runs as.
  provisioner "shell" {
    environment_vars = [
      "ARCH=${source.name}",
      "CONSUL_URL=${local.consul_url}_${source.name}.zip",
      "CONSUL_SHA256=${lookup(var.consul_sha256, source.name, "")}",
    ]
    inline = [
      "set -eux",
      "[ -n \"$CONSUL_SHA256\" ] || { echo \"consul_sha256 has no digest for $ARCH\" >&2; exit 1; }",
      "curl -fsSL --retry 5 --retry-connrefused -o /tmp/consul.zip \"$CONSUL_URL\"",
      "echo \"$CONSUL_SHA256  /tmp/consul.zip\" | sha256sum -c -",
      "unzip -o /tmp/consul.zip consul -d /tmp/consul-bin",
      "sudo install -m 0755 -o root -g root /tmp/consul-bin/consul /usr/local/bin/consul",
      "rm -rf /tmp/consul.zip /tmp/consul-bin",
      "/usr/local/bin/consul version",
      "id consul || sudo useradd --system --home-dir /var/lib/consul --no-create-home --shell /sbin/nologin consul",
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

  # Consul's unit, and its client config (no token: user data adds it).
  provisioner "file" {
    sources     = ["${path.root}/consul/consul.service"]
    destination = "/tmp/asgctl-consul/"
  }

  provisioner "file" {
    content = templatefile("${path.root}/consul/consul.pkrtpl.hcl", {
      datacenter     = var.consul_datacenter
      join_tag_key   = var.consul_join_tag_key
      join_tag_value = var.consul_join_tag_value
    })
    destination = "/tmp/asgctl-consul/consul.hcl"
  }

  # asgctl-agent.service goes into /etc/systemd/system and is enabled. The
  # per-process template stays in /usr/local/lib/asgctl/systemd/, outside
  # the unit search path, so that a service using the systemd supervisor
  # links it under its own name (ln -s ... /etc/systemd/system/web@.service,
  # see the unit's header) and %p is the service. consul.service is
  # installed but not enabled: user data enables it once it has the token.
  provisioner "shell" {
    inline = [
      "set -eux",
      "sudo install -d -m 0755 /etc/asgctl /usr/local/lib/asgctl/systemd",
      "sudo install -m 0644 /tmp/asgctl-systemd/asgctl-agent.service /etc/systemd/system/asgctl-agent.service",
      "sudo install -m 0644 /tmp/asgctl-systemd/asgctl-app@.service /usr/local/lib/asgctl/systemd/asgctl-app@.service",
      "sudo install -d -m 0750 -o root -g consul /etc/consul.d",
      "sudo install -m 0640 -o root -g consul /tmp/asgctl-consul/consul.hcl /etc/consul.d/consul.hcl",
      "sudo install -m 0644 /tmp/asgctl-consul/consul.service /etc/systemd/system/consul.service",
      "rm -rf /tmp/asgctl-systemd /tmp/asgctl-consul",
      "sudo /usr/local/bin/consul validate /etc/consul.d/",
      "sudo systemd-analyze verify /etc/systemd/system/asgctl-agent.service /etc/systemd/system/consul.service",
      "sudo systemctl daemon-reload",
      "sudo systemctl enable asgctl-agent.service",
    ]
  }

  post-processor "manifest" {
    output     = "packer-manifest.json"
    strip_path = true
  }
}
