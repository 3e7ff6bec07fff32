terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
    consul = {
      source  = "hashicorp/consul"
      version = ">= 2.20, < 3.0"
    }
  }
}

# The builder account runs the controller (and Consul); the target account
# runs the services. Each module gets the provider of its account.
provider "aws" {
  alias   = "builder"
  region  = var.region
  profile = var.builder_profile
}

provider "aws" {
  alias   = "target"
  region  = var.region
  profile = var.target_profile
}

# The Consul cluster asgctl uses, for its ACL policies (consul.tf): address
# and a token allowed to write ACLs from the environment (CONSUL_HTTP_ADDR,
# CONSUL_HTTP_TOKEN, CONSUL_CACERT, ...).
provider "consul" {}
