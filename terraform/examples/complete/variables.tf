variable "region" {
  type        = string
  description = "AWS region of both accounts."
  default     = "eu-west-1"
}

variable "builder_profile" {
  type        = string
  description = "AWS CLI profile of the builder account (controller, Consul)."
}

variable "target_profile" {
  type        = string
  description = "AWS CLI profile of the target account (the services)."
}

variable "builder_vpc_id" {
  type        = string
  description = "VPC of the controller in the builder account."
}

variable "builder_subnet_ids" {
  type        = list(string)
  description = "Private subnets of the controller in the builder account."
}

variable "controller_ami_id" {
  type        = string
  description = "Amazon Linux 2023 AMI for the controller replicas."
}

variable "asgctl_download_url" {
  type        = string
  description = "HTTPS URL of the asgctl linux binary the controller instances install (a release asset)."
}

variable "asgctl_sha256" {
  type        = string
  description = "SHA-256 of the binary at asgctl_download_url."
}

variable "consul_http_addr" {
  type        = string
  description = "Consul HTTP address (host:port) the controller uses."
}

variable "consul_token_ssm_parameter" {
  type        = string
  description = "SSM SecureString parameter (builder account) holding the controller's Consul ACL token."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the services in the target account."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets of the load balancers in the target account."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets of the service instances in the target account."
}

variable "service_ami_id" {
  type        = string
  description = "AMI baked from terraform/packer/agent.pkr.hcl, used for the first deploy of both services."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the HTTPS listeners (web.example.com and the shared ALB's names)."
}

variable "artifact_bucket" {
  type        = string
  description = "S3 bucket of the release artifacts: the deploy workflow's artifact-bucket (CI uploads s3://<bucket>/<service>/...), where each service's agents fetch."
}

variable "external_id" {
  type        = string
  description = "External ID the controller presents when it assumes the target account's deploy role."
}

variable "controller_nat_cidr_blocks" {
  type        = list(string)
  description = "Public addresses (/32) of the builder account's NAT gateways, which the controller's requests leave from: they may reach web's test listener, whose load balancer is internet-facing."
  default     = []
}
