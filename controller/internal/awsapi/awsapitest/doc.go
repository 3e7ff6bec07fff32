// Package awsapitest owns the AWS contract suite: one backend-agnostic set
// of state-based tests over every operation in awsapi, run against each
// backend (Run), so that the simulated cloud cannot drift from the real API.
// A Backend is one implementation of the awsapi interfaces plus the setup
// Terraform would have done and a way to let time pass; this package
// provides two: NewSimBackend (simaws on a fake clock) and NewMotoBackend
// (the real aws-sdk-go-v2 clients pointed at moto_server). Where a backend
// is known to differ from AWS it says so in Differs, and the affected test
// skips on that backend only, naming the difference (Skip).
//
// It is used only by tests. It may import the standard library, testing,
// controller/clock/clocktest, controller/internal/awsapi and its simaws and
// motoserver packages, the aws-sdk-go-v2 service packages and smithy-go.
package awsapitest
