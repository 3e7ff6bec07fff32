variable "name" {
  type        = string
  description = "Service name: the ServiceSpec name, the prefix of the groups the controller creates (<name>-v<NNN>) and of every resource here. Lowercase letters, digits and dashes, starting with a letter, at most 30 characters (target group names are <name>-a and <name>-b, limited to 32)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,29}$", var.name))
    error_message = "The name must be 1-30 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the target groups and the instance security group."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets the controller launches the service's instances into (the ServiceSpec subnets)."

  validation {
    condition     = length(var.subnet_ids) > 0 && alltrue([for s in var.subnet_ids : startswith(s, "subnet-")])
    error_message = "Give at least one subnet ID (subnet-...)."
  }
}

variable "ami_id" {
  type        = string
  description = "AMI of the launch template's default version. Used for the first deploy only: every rollout creates its own launch template version with the promoted AMI (asgctl promote), so changing this later does not deploy anything."
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of the service's instances."
  default     = "t3.small"
}

variable "listener" {
  type = object({
    load_balancer_arn = string
    port              = optional(number, 443)
    protocol          = optional(string, "HTTPS")
    certificate_arn   = optional(string)
    ssl_policy        = optional(string, "ELBSecurityPolicy-TLS13-1-2-2021-06")
  })
  description = "Give the service its own listener on this ALB: the listener's default action forwards to both target groups with weights. Set exactly one of listener and listener_rule. certificate_arn is required for HTTPS."
  default     = null
}

variable "listener_rule" {
  type = object({
    listener_arn  = string
    priority      = number
    host_headers  = optional(list(string), [])
    path_patterns = optional(list(string), [])
  })
  description = "Put the service behind a shared ALB instead: a rule on this listener (matching the host headers and/or path patterns) forwards to both target groups with weights; the controller shifts the rule, not the listener's default action. Set exactly one of listener and listener_rule."
  default     = null

  validation {
    condition     = var.listener_rule == null || try(length(var.listener_rule.host_headers) + length(var.listener_rule.path_patterns) > 0, false)
    error_message = "A listener rule needs at least one host header or path pattern."
  }
}

variable "test_listener_port" {
  type        = number
  description = "Port of a test listener on the service's load balancer (needs listener, not listener_rule): it takes no production traffic, forwards to both target groups like the service's listener (same protocol, certificate and SSL policy; weights ignored, the controller points it at the new group while that is verified) and goes into the ServiceSpec as test_listener_arn. Reachable only from test_listener_cidr_blocks through the security group of output test_listener_security_group_id, which must be attached to the load balancer. Null: no test listener."
  default     = null

  validation {
    condition     = var.test_listener_port == null || try(var.test_listener_port >= 1 && var.test_listener_port <= 65535 && floor(var.test_listener_port) == var.test_listener_port, false)
    error_message = "test_listener_port must be a port number (1-65535) or null."
  }
}

variable "test_listener_cidr_blocks" {
  type        = list(string)
  description = "CIDR blocks (IPv4 or IPv6) that may reach the test listener (test_listener_port): internal networks only, never the world. Include where the controller's verify requests come from: for an internet-facing load balancer that is the controller's NAT gateway addresses (/32), not its private subnets. Empty: the module's security group admits nobody on that port."
  default     = []

  validation {
    condition     = alltrue([for c in var.test_listener_cidr_blocks : can(cidrhost(c, 0)) && !endswith(c, "/0")])
    error_message = "test_listener_cidr_blocks must be CIDR blocks such as 10.0.0.0/8, and none may be /0: the test listener serves a release before it is verified, so it stays internal."
  }
}

variable "alb_security_group_ids" {
  type        = list(string)
  description = "Security groups of the load balancer; they may reach the instances on traffic_port."
}

variable "additional_security_group_ids" {
  type        = list(string)
  description = "More security groups for the instances (for example the one that lets the local Consul agent join its cluster)."
  default     = []
}

variable "traffic_port" {
  type        = number
  description = "Port the load balancer sends traffic and health checks to on each instance: the agent's builtin proxy (agent listen address) or the HAProxy/nginx front end."
  default     = 8080
}

variable "health_check_path" {
  type        = string
  description = "Path of the target groups' HTTP health check."
  default     = "/ping"
}

variable "health_check_matcher" {
  type        = string
  description = "HTTP codes a healthy target answers the health check with."
  default     = "200"
}

variable "health_check_interval" {
  type        = number
  description = "Seconds between target group health checks (fast, so a rollout step sees new instances healthy quickly)."
  default     = 5
}

variable "health_check_timeout" {
  type        = number
  description = "Seconds a health check may take; must be less than health_check_interval."
  default     = 4
}

variable "healthy_threshold" {
  type        = number
  description = "Consecutive passing checks before a target counts as healthy."
  default     = 2
}

variable "unhealthy_threshold" {
  type        = number
  description = "Consecutive failing checks before a target counts as unhealthy."
  default     = 2
}

variable "deregistration_delay" {
  type        = number
  description = "Seconds a deregistering target keeps serving in-flight requests before it is removed."
  default     = 30
}

variable "artifact_bucket" {
  type        = string
  description = "S3 bucket of the release artifacts the agent may fetch (policies/agent.json ARTIFACT_BUCKET, agent artifacts.allow)."
}

variable "artifact_prefix" {
  type        = string
  description = "Key prefix under artifact_bucket holding this service's releases, without leading or trailing slash (for example \"web\"): the agent may fetch s3://<artifact_bucket>/<artifact_prefix>/* (policies/agent.json ARTIFACT_PREFIX)."

  validation {
    condition     = length(var.artifact_prefix) > 0 && !startswith(var.artifact_prefix, "/") && !endswith(var.artifact_prefix, "/")
    error_message = "The artifact prefix must be non-empty, without leading or trailing slash."
  }
}

variable "agent" {
  type = object({
    processes         = number
    command           = list(string)
    base_port         = optional(number, 9001)
    health_path       = optional(string, "/ping")
    health_interval   = optional(string, "500ms")
    health_successes  = optional(number, 3)
    health_timeout    = optional(string, "60s")
    rotation_driver   = optional(string, "builtin")
    drain_timeout     = optional(string, "30s")
    haproxy_socket    = optional(string, "")
    haproxy_backend   = optional(string, "")
    supervisor_driver = optional(string, "exec")
    stop_timeout      = optional(string, "30s")
    public_key_file   = optional(string, "")
    consul_address    = optional(string, "127.0.0.1:8500")
    consul_token_file = optional(string, "")
  })
  description = "The agent settings written to /etc/asgctl/agent.json (agent/README.md): processes per instance, the command template ({port}, {index}), health check, rotation driver (builtin, haproxy, nginx), supervisor (exec or systemd), release signing key and the local Consul agent (consul_token_file stays empty with consul_token_ssm_parameter, which sets it). Durations are Go duration strings; zero values take the agent's defaults."

  validation {
    condition     = var.agent.processes >= 1 && length(var.agent.command) > 0
    error_message = "The agent needs at least one process and a command."
  }

  validation {
    condition     = contains(["builtin", "haproxy", "nginx"], var.agent.rotation_driver) && contains(["exec", "systemd"], var.agent.supervisor_driver)
    error_message = "rotation_driver must be builtin, haproxy or nginx; supervisor_driver must be exec or systemd."
  }
}

variable "instance_policy_arns" {
  type        = list(string)
  description = "Managed policies attached to the instance role besides the agent policy (for example AmazonSSMManagedInstanceCore)."
  default     = []
}

variable "deploy_role_arn" {
  type        = string
  description = "ServiceSpec role_arn: the deploy role in this account the builder-account controller assumes (module deploy-role). Null when the controller runs in this account with its own credentials."
  default     = null
}

variable "external_id" {
  type        = string
  description = "ServiceSpec external_id: the external ID the deploy role's trust policy requires. Only with deploy_role_arn."
  default     = null
}

variable "capacity" {
  type = object({
    min     = number
    max     = number
    desired = number
  })
  description = "Size of every group the controller creates for the service (ServiceSpec capacity)."
  default = {
    min     = 2
    max     = 6
    desired = 2
  }

  validation {
    condition     = var.capacity.min >= 0 && var.capacity.max >= 1 && var.capacity.min <= var.capacity.desired && var.capacity.desired <= var.capacity.max
    error_message = "Capacity needs 0 <= min <= desired <= max and max >= 1."
  }
}

variable "health_check_grace_period" {
  type        = string
  description = "ServiceSpec health_check_grace_period of the groups (Go duration)."
  default     = "60s"
}

variable "instance_warmup" {
  type        = string
  description = "ServiceSpec instance_warmup (Go duration), or null for the controller's default."
  default     = null
}

variable "steps" {
  type = list(object({
    weight = number
    pause  = optional(string)
  }))
  description = "Traffic shift steps: weight in percent sent to the new group, then pause (a Go duration or \"manual\"); the last step is 100 with no pause."
  default = [
    { weight = 10, pause = "60s" },
    { weight = 50, pause = "60s" },
    { weight = 100 },
  ]
}

variable "progress_deadline" {
  type        = string
  description = "ServiceSpec progress_deadline: a rollout that makes no progress for this long is rolled back (Go duration, at least the controller's minimum)."
  default     = "15m"
}

variable "scale_down_delay" {
  type        = string
  description = "ServiceSpec scale_down_delay: how long the previous group keeps its capacity after a rollout completes, for a fast rollback (Go duration)."
  default     = "5m"
}

variable "keep_previous" {
  type        = number
  description = "ServiceSpec keep_previous: how many previous groups are kept (scaled to zero) for rollback."
  default     = 1
}

variable "alarms" {
  type        = list(string)
  description = "ServiceSpec alarms: CloudWatch alarm names; one in ALARM during a rollout rolls it back."
  default     = []
}

variable "min_healthy_percent" {
  type        = number
  description = "ServiceSpec min_healthy_percent: share of the new group's capacity that must be healthy before traffic shifts."
  default     = 100
}

variable "verify" {
  type        = any
  description = "ServiceSpec verify, copied as is: hooks that check the new group before it gets production traffic (before_traffic, relative URLs against the test listener) and once it has all of it (after_traffic), for example { before_traffic = [{ name = \"smoke\", http = { url = \"/ping\", repeats = 5 } }] } (docs/spec.md, Verification and analysis). Null: no hooks."
  default     = null
}

variable "analysis" {
  type        = any
  description = "ServiceSpec analysis, copied as is: compare the new group with the old one while both take traffic, for example { error_rate = { margin = 0.001 }, latency = { max_ratio = 1.3 } } (docs/spec.md, Verification and analysis). Null: no analysis."
  default     = null
}

variable "lifecycle_hook_name" {
  type        = string
  description = "Name of the launch lifecycle hook the controller attaches to every group it creates and the agent completes once the service is healthy (ServiceSpec lifecycle_hook, agent lifecycle_hook). Null: no hook, instances go InService at once."
  default     = "asgctl-launch"
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource here and ServiceSpec tags (set on the controller's groups and propagated to instances). Keys starting with asgctl: are reserved."
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.tags) : !startswith(k, "asgctl:")])
    error_message = "Tag keys starting with asgctl: are reserved for asgctl."
  }
}

variable "consul_token_ssm_parameter" {
  type        = string
  description = "Name of the SSM parameter (SecureString) holding the Consul ACL token of the service's instances: a token with the rules of output consul_agent_policy. User data reads it at boot into /etc/asgctl/consul-token (root, 0600; the agent's consul.token_file) and, when the AMI has a Consul client (terraform/packer), into that client's config as its agent token; it is never in user data, the launch template or the AMI. The instance role may read this parameter and no other. Empty: no token."
  default     = ""

  validation {
    condition     = var.consul_token_ssm_parameter == "" || can(regex("^/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.consul_token_ssm_parameter))
    error_message = "The SSM parameter name must be letters, digits, _ . - and / separated path segments, such as /asgctl/web/consul-token."
  }
}

variable "consul_token_kms_key_arn" {
  type        = string
  description = "ARN of the customer managed KMS key that encrypts consul_token_ssm_parameter; the instance role may decrypt with it for that parameter only. Null: the parameter uses the AWS managed key aws/ssm, which needs no permission."
  default     = null
}

variable "consul_cloud_auto_join" {
  type        = bool
  description = "The AMI's Consul client joins the cluster by cloud auto-join (finds the servers by EC2 tag): allow the instance role ec2:DescribeInstances. False when the instances join otherwise or run no Consul client."
  default     = true
}

variable "ci_consul_node_prefix" {
  type        = string
  description = "For output consul_ci_inline_policy: the start of the names of the Consul nodes CI's sessions are created on (the node of the Consul agent at CI's CONSUL_HTTP_ADDR). Empty: any node."
  default     = ""
}
