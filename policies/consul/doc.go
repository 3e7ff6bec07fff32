// Package consul holds the Consul ACL policies of asgctl's components,
// written in Consul's rules language as templates that Terraform renders
// with templatefile(): controller.hcl (the controller), agent.hcl (the
// agent and the local Consul client on a service's instances), ci.hcl (CI
// deploying one service with the CLI) and ci-inline.hcl (added to CI's
// token for --inline).
//
// It has no Go API. Its tests render each template the way Terraform
// does, load it into a real Consul agent with ACLs on (default deny),
// make a token of it and, with that token and the project's own Consul
// client (controller/consulkv), make the calls the component makes: each
// must succeed, and calls beyond what the component does must be refused
// with permission denied. The tests may import controller/api,
// controller/clock, controller/consulkv (and its consultest), the HCL
// libraries and Consul's API client; the internal packages of the
// controller and the agent are out of reach, so the component's calls go
// through consulkv with the keys controller/api names.
package consul
