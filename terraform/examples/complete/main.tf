# A complete asgctl setup across two accounts:
#   builder account: the controller (2 replicas) and its instance role
#   target account:  the deploy role it assumes, and two services:
#     web: its own ALB; the controller shifts the listener's default action,
#          and points an internal test listener at the new group for its
#          verify hooks
#     api: a host-header rule on a shared ALB; the controller shifts the rule
# Apply, then register each service: terraform output -raw web_service_spec > web.json &&
# asgctl service put --file web.json (the same for api).

data "aws_caller_identity" "target" {
  provider = aws.target
}

locals {
  deploy_role_name = "asgctl-deploy"
  # Known before the role exists, so the controller's policy and the role's
  # trust (which names the controller's role) form no cycle.
  deploy_role_arn = "arn:aws:iam::${data.aws_caller_identity.target.account_id}:role/${local.deploy_role_name}"

  tags = { team = "platform" }
}

# --- builder account ------------------------------------------------------

module "controller" {
  source    = "../../modules/controller"
  providers = { aws = aws.builder }

  vpc_id                     = var.builder_vpc_id
  subnet_ids                 = var.builder_subnet_ids
  ami_id                     = var.controller_ami_id
  asgctl_download_url        = var.asgctl_download_url
  asgctl_sha256              = var.asgctl_sha256
  consul_http_addr           = var.consul_http_addr
  consul_token_ssm_parameter = var.consul_token_ssm_parameter
  deploy_role_arns           = [local.deploy_role_arn]
  metrics_cidr_blocks        = ["10.0.0.0/8"]
  tags                       = local.tags
}

# --- target account -------------------------------------------------------

module "deploy_role" {
  source    = "../../modules/deploy-role"
  providers = { aws = aws.target }

  name                = local.deploy_role_name
  controller_role_arn = module.controller.role_arn
  external_id         = var.external_id
  tags                = local.tags
}

resource "aws_security_group" "alb" {
  provider = aws.target

  name        = "asgctl-example-alb"
  description = "HTTPS from anywhere to the load balancers"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "to the instances"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.tags
}

# web: its own load balancer; the module creates the listener.
resource "aws_lb" "web" {
  provider = aws.target

  name               = "web"
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  # The second group opens web's test listener to test_listener_cidr_blocks.
  security_groups = [aws_security_group.alb.id, module.web.test_listener_security_group_id]
  tags            = local.tags
}

module "web" {
  source    = "../../modules/service"
  providers = { aws = aws.target }

  name                   = "web"
  vpc_id                 = var.vpc_id
  subnet_ids             = var.private_subnet_ids
  ami_id                 = var.service_ami_id
  alb_security_group_ids = [aws_security_group.alb.id]
  artifact_bucket        = var.artifact_bucket
  artifact_prefix        = "web"
  deploy_role_arn        = module.deploy_role.role_arn
  external_id            = module.deploy_role.external_id
  tags                   = local.tags

  # The Consul token of its instances (policy asgctl-agent-web, consul.tf).
  consul_token_ssm_parameter = "/asgctl/web/consul-token"

  listener = {
    load_balancer_arn = aws_lb.web.arn
    certificate_arn   = var.certificate_arn
  }

  agent = {
    processes = 4
    command   = ["bin/web", "--port", "{port}"]
  }

  capacity = { min = 2, max = 10, desired = 3 }
  steps = [
    { weight = 10, pause = "2m" },
    { weight = 50, pause = "manual" },
    { weight = 100 },
  ]

  # A test listener on 8443 (HTTPS like the listener, same certificate):
  # internal networks only, plus the controller's NAT addresses, since this
  # load balancer is internet-facing and its verify requests arrive from
  # there. The smoke hook checks the new group through it before step 1; the
  # base URL names the certificate's host, which points at this load balancer.
  test_listener_port        = 8443
  test_listener_cidr_blocks = concat(["10.0.0.0/8"], var.controller_nat_cidr_blocks)
  verify = {
    base_url       = "https://web.example.com:8443"
    before_traffic = [{ name = "smoke", http = { url = "/ping", repeats = 5 } }]
  }
}

# api: a rule on a load balancer shared by many services. The listener's
# default action is a fixed 404 that no controller touches.
resource "aws_lb" "shared" {
  provider = aws.target

  name               = "shared"
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.alb.id]
  tags               = local.tags
}

resource "aws_lb_listener" "shared" {
  provider = aws.target

  load_balancer_arn = aws_lb.shared.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = var.certificate_arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "not found"
      status_code  = "404"
    }
  }

  tags = local.tags
}

module "api" {
  source    = "../../modules/service"
  providers = { aws = aws.target }

  name                   = "api"
  vpc_id                 = var.vpc_id
  subnet_ids             = var.private_subnet_ids
  ami_id                 = var.service_ami_id
  alb_security_group_ids = [aws_security_group.alb.id]
  artifact_bucket        = var.artifact_bucket
  artifact_prefix        = "api"
  deploy_role_arn        = module.deploy_role.role_arn
  external_id            = module.deploy_role.external_id
  tags                   = local.tags

  # The Consul token of its instances (policy asgctl-agent-api, consul.tf).
  consul_token_ssm_parameter = "/asgctl/api/consul-token"

  listener_rule = {
    listener_arn = aws_lb_listener.shared.arn
    priority     = 100
    host_headers = ["api.example.com"]
  }

  agent = {
    processes         = 2
    command           = ["bin/api", "--listen", "127.0.0.1:{port}"]
    rotation_driver   = "haproxy"
    haproxy_socket    = "/run/haproxy/admin.sock"
    haproxy_backend   = "api"
    supervisor_driver = "systemd"
  }
}
