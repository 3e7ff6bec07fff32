// Package motohost bridges moto_server and the sandbox's data plane, so
// `asgctl sandbox` can run with moto_server as its AWS API
// (AWS_ENDPOINT_URL set) instead of the simulated cloud.
//
// moto has no data plane: it launches instances without running anything,
// runs no health checks (a registered target is healthy at once), ignores
// lifecycle hooks, and keeps instances that left their group registered
// and healthy. This package owns what closes that gap:
//
//   - Provision creates in moto what Terraform would for the sandbox
//     service: a VPC, two subnets, an internal ALB, target groups
//     <name>-a and <name>-b, a listener forwarding 100/0 to them and a
//     launch template whose version 1 launches the first AMI. AddListener
//     adds a second listener on another port (a test listener).
//   - Mirror polls the service's Auto Scaling groups (tag asgctl:service)
//     and makes a Host (agenthost.Host) run exactly their instances that
//     are not terminating: a new instance is started once with the AMI
//     EC2 reports, one that left or is terminating is stopped.
//   - Overlay (ELB) is an awsapi.ELBv2 that passes every call through to
//     moto except DescribeTargetHealth, whose answer it rewrites from its
//     own ALB-style health checks of the hosted instances (initial until
//     HealthyThreshold passes, unhealthy after UnhealthyThreshold
//     failures); targets whose instance is no longer hosted are left out,
//     as AWS does once draining ends.
//
// Time comes from an injected controller/clock.Clock; logs go to an
// injected log/slog logger with the keys service, instance_id and error.
//
// It may import the standard library, the aws-sdk-go-v2 service packages
// and their types, controller/api (the service tag), controller/clock,
// controller/internal/awsapi (for its interfaces) and
// controller/internal/observe (to find the service's groups as the
// controller does), nothing else of the module.
package motohost
