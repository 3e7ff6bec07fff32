// Package policies holds the IAM policy documents asgctl needs (the
// deploy role's controller.json, the controller instance role's
// controller-assume.json, the agent instance profile's agent.json and
// CI's ci.json) and the tests that keep them equal to the AWS operations
// the code calls. It has no Go API: the tests read the operation table
// (controller/internal/awsapi/operations.go) and the agent's S3 interface
// (agent/internal/fetch/fetcher.go) by parsing their source, since the
// internal-package rule forbids importing them, and import only the
// standard library. The Consul ACL policies are in the subpackage consul.
package policies
