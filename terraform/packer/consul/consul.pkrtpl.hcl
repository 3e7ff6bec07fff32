# /etc/consul.d/consul.hcl, baked by terraform/packer/agent.pkr.hcl: the
# Consul client agent of an asgctl instance, for the asgctl agent's local
# HTTP API (127.0.0.1:8500). No ACL token is in the image: at boot the
# launch template's user data (terraform/modules/service) writes, next to
# this file, asgctl-node.hcl (node_name = "<service>-<instance id>") and
# asgctl-acl-tokens.hcl (acl { tokens { agent = "..." } }, the token read
# from SSM), then starts the agent. Gossip encryption and TLS, when the
# cluster uses them, go in further files in /etc/consul.d/ the same way.
datacenter           = "${datacenter}"
data_dir             = "/var/lib/consul"
server               = false
disable_update_check = true
leave_on_terminate   = true

bind_addr   = "{{ GetPrivateIP }}"
client_addr = "127.0.0.1"

# Cloud auto-join: the servers are the instances carrying this tag (the
# instance role needs ec2:DescribeInstances).
retry_join = ["provider=aws tag_key=${join_tag_key} tag_value=${join_tag_value}"]

acl {
  enabled                  = true
  default_policy           = "deny"
  down_policy              = "extend-cache"
  enable_token_persistence = false
}
