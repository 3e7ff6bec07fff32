// Package instance is the agent's view of the EC2 instance it runs on, used
// at boot (agent/README.md): who the instance is (instance id, region and, when
// a launch lifecycle hook is configured, its Auto Scaling group) from the
// agent config or IMDSv2, and completing the group's launch lifecycle action
// with CONTINUE once every process is healthy, so the instance goes
// InService only then.
//
// AWS is reached through two narrow, SDK-shaped interfaces the package owns:
// Metadata (the IMDSv2 client, *imds.Client) and LifecycleAPI (the one Auto
// Scaling call, *autoscaling.Client). Waiting uses an injected clock.Clock.
//
// It may import controller/clock, internal/awserr (the shared AWS error
// classification), log/slog and the AWS SDK (feature/ec2/imds,
// service/autoscaling, smithy-go).
package instance
