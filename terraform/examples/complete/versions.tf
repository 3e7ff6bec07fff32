terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
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
