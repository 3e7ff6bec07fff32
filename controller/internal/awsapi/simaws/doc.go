// Package simaws owns a simulated AWS for the controller: one *Cloud that
// implements awsapi.AutoScaling, awsapi.EC2, awsapi.ELBv2 and
// awsapi.CloudWatch with the SDK's own input and output types, and behaves
// closely enough to AWS that the controller cannot tell: instances boot and
// move through Auto Scaling lifecycle states, targets pass and fail ALB
// health checks, deregistration drains, describes can lag behind writes, and
// calls can fail or be throttled on a script or at seeded random. Scaling
// policies, scheduled actions and metric alarms are stored and described as
// AWS does (validated, upserted by name, gone with their group, target
// tracking alarms made for their policies) but never act: nothing scales a
// group or evaluates an alarm. Metric data is stored and aggregated per
// period as CloudWatch does; RecordTargetGroupTraffic publishes a target
// group's load balancer metrics.
//
// Time comes only from the injected clock.Clock: the simulation advances
// lazily, up to clock.Now(), at the start of every call, so results depend
// only on the call sequence, the clock and Config.Seed. Randomness comes only
// from seeded math/rand/v2 PCG sources owned by the Cloud.
//
// Setup helpers (CreateTargetGroup, CreateListener, ...) stand in for what
// Terraform would have created; Truth, Serving and Calls let tests observe
// the ground truth that the API shows only eventually.
//
// It may import the standard library, controller/clock, controller/internal/awsapi,
// the aws-sdk-go-v2 service packages and smithy-go; nothing that does I/O.
package simaws
