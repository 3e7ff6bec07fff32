variable "name" {
  type        = string
  description = "Name of the deploy role. Must start with asgctl-deploy: the controller's instance role may assume only roles named so (policies/controller-assume.json)."
  default     = "asgctl-deploy"

  validation {
    condition     = startswith(var.name, "asgctl-deploy")
    error_message = "The deploy role's name must start with asgctl-deploy."
  }
}

variable "controller_role_arn" {
  type        = string
  description = "ARN of the controller's instance role in the builder account (output role_arn of module controller); the only principal trusted to assume this role."
}

variable "external_id" {
  type        = string
  description = "External ID the controller must present (sts:ExternalId); the same value goes into each ServiceSpec's external_id."

  validation {
    condition     = length(var.external_id) >= 2 && length(var.external_id) <= 1224
    error_message = "The external ID must be 2-1224 characters."
  }
}

variable "max_session_duration" {
  type        = number
  description = "Maximum session duration of the role in seconds (the controller refreshes its credentials before they expire)."
  default     = 3600
}

variable "tags" {
  type        = map(string)
  description = "Tags for the role."
  default     = {}
}
