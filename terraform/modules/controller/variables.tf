variable "name" {
  type        = string
  description = "Name of the controller's Auto Scaling group, launch template, role and security group."
  default     = "asgctl-controller"
}

variable "vpc_id" {
  type        = string
  description = "VPC of the controller instances (builder account)."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets of the controller instances; give two or more availability zones so the replicas do not fail together."
}

variable "ami_id" {
  type        = string
  description = "AMI of the controller instances: Amazon Linux 2023 (systemd, curl and the AWS CLI), with /usr/local/bin/asgctl baked in unless asgctl_download_url is set."
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of the controller instances."
  default     = "t3.small"
}

variable "instance_count" {
  type        = number
  description = "Number of controller replicas. Two for HA: per-service Consul locks make exactly one act, the other takes over within about 45 s."
  default     = 2
}

variable "asgctl_download_url" {
  type        = string
  description = "HTTPS URL of a static asgctl binary (a release asset) that user data installs to /usr/local/bin/asgctl; empty when the AMI already has it."
  default     = ""

  validation {
    condition     = var.asgctl_download_url == "" || startswith(var.asgctl_download_url, "https://")
    error_message = "The asgctl download URL must be https://."
  }
}

variable "asgctl_sha256" {
  type        = string
  description = "SHA-256 (hex) of the binary at asgctl_download_url; user data refuses any other file. Required with asgctl_download_url."
  default     = ""

  validation {
    condition     = var.asgctl_sha256 == "" || can(regex("^[0-9a-f]{64}$", var.asgctl_sha256))
    error_message = "The SHA-256 must be 64 lowercase hex digits."
  }
}

variable "consul_http_addr" {
  type        = string
  description = "Consul HTTP address the controller uses (CONSUL_HTTP_ADDR), host:port."
}

variable "consul_http_ssl" {
  type        = bool
  description = "Talk HTTPS to Consul (CONSUL_HTTP_SSL)."
  default     = false
}

variable "consul_ca_cert_pem" {
  type        = string
  description = "PEM CA certificate that signs Consul's server certificate, written to /etc/asgctl/consul-ca.pem (CONSUL_CACERT); empty for the system roots."
  default     = ""
}

variable "consul_token_ssm_parameter" {
  type        = string
  description = "Name of the SSM parameter (SecureString) holding the controller's Consul ACL token (a token with the rules of output consul_policy); user data reads it at boot into /etc/asgctl/controller.env (mode 0600) as CONSUL_HTTP_TOKEN, so the token is never in user data. Empty: no token."
  default     = ""
}

variable "metrics_port" {
  type        = number
  description = "Port of the controller's /healthz and /metrics (asgctl controller --listen 0.0.0.0:<port>)."
  default     = 9090
}

variable "metrics_cidr_blocks" {
  type        = list(string)
  description = "CIDR blocks allowed to reach metrics_port (Prometheus, health checks)."
  default     = []
}

variable "metrics_security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to reach metrics_port."
  default     = []
}

variable "additional_security_group_ids" {
  type        = list(string)
  description = "More security groups for the controller instances (for example one Consul requires)."
  default     = []
}

variable "deploy_role_arns" {
  type        = list(string)
  description = "Deploy roles (module deploy-role, one per target account) the controller may assume. Empty: any role named asgctl-deploy* in any account (policies/controller-assume.json); the trust policy and external ID on each role still decide."
  default     = []
}

variable "instance_policy_arns" {
  type        = list(string)
  description = "Managed policies attached to the controller's instance role besides the assume-role policy (for example AmazonSSMManagedInstanceCore)."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource, propagated to the instances."
  default     = {}
}

variable "consul_session_node_prefix" {
  type        = string
  description = "For output consul_policy: the start of the names of the Consul nodes the controller's sessions (service locks, heartbeat) are created on, the node of the Consul agent at consul_http_addr: a local client agent's node name, or the servers' common name prefix when the controller talks to the servers directly. Empty: any node."
  default     = ""
}
